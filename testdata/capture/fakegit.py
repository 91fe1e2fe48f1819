from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        if "private" in self.path:
            self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0"); self.end_headers()
    do_POST = do_GET
    def log_message(self, *a): pass
HTTPServer(("127.0.0.1", 8098), H).serve_forever()

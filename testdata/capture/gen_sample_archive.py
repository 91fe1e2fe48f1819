#!/usr/bin/env python3
"""Faultline sample-archive generator: runs real tools in /tmp/capture and wraps their
output in Cloudflare Workers Builds platform lines."""
import datetime as dt, gzip, json, os, random, re, shutil, subprocess, sys, time, uuid
from concurrent.futures import ThreadPoolExecutor

CAP = "/tmp/capture"
OUT = "/work/main/testdata/sample-archive"
LABELS = "/work/main/testdata/sample-archive-labels.jsonl"
TOOLS = f"{CAP}/tools/node_modules/.bin"
HOME = f"{CAP}/home"
HTTP_GIT = "http://127.0.0.1:8098"   # fake github (404 / 401) served by fakegit.py
random.seed(20250529)
NODE_V, NPM_V = "20.20.2", "11.19.1"

ACCOUNT = "9f1c2b7de4a84d0c8e5b1a3f6d2e7c90"
SUBSCRIPTION = "4b8e1f0a9c2d47e6b3a5d8c1f0e2a7b4"


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def base_env(extra=None):
    env = {
        "PATH": f"{TOOLS}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": HOME, "CI": "true", "LANG": "C.UTF-8", "GIT_TERMINAL_PROMPT": "0",
        "COREPACK_ENABLE_DOWNLOAD_PROMPT": "0", "NO_COLOR": "1", "WRANGLER_SEND_METRICS": "false",
        "npm_config_update_notifier": "false",
        "NODE_EXTRA_CA_CERTS": "/etc/ssl/certs/ca-certificates.crt", "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        "CURL_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt", "GIT_SSL_CAINFO": "/etc/ssl/certs/ca-certificates.crt",
    }
    if extra:
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
    if "FORCE_COLOR" in env:
        env.pop("NO_COLOR", None)
    return env


def sh(cmd, cwd, env=None, timeout=600):
    t0 = time.time()
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=base_env(env), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    return p.stdout.decode("utf-8", "replace"), p.returncode, time.time() - t0


def sh_stream(cmd, cwd, env=None, timeout=600):
    """Run cmd, return [(seconds_since_start, line_text)] with the time each line was completed."""
    t0 = time.time()
    p = subprocess.Popen(["bash", "-c", cmd], cwd=cwd, env=base_env(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf, out = b"", []
    while True:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time.time() - t0
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            out.append((now, line.decode("utf-8", "replace")))
        if now > timeout:
            p.kill()
    rc = p.wait()
    if buf:
        out.append((time.time() - t0, buf.decode("utf-8", "replace")))
    return out, rc, time.time() - t0


def quiet(cmd, cwd, env=None):
    out, rc, _ = sh(cmd, cwd, env)
    if rc != 0:
        raise RuntimeError(f"setup failed: {cmd} in {cwd}\n{out}")
    return out


# ---------------------------------------------------------------- project files
def files_worker(name, extra_deps=None, scripts=None, dev=None, pm=None):
    pkg = {
        "name": name, "version": "1.4.0", "private": True,
        "scripts": scripts or {
            "build": "tsc --noEmit && esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js",
            "deploy": "wrangler deploy"},
        "dependencies": {"hono": "^4.6.3", **(extra_deps or {})},
        "devDependencies": dev if dev is not None else {"esbuild": "^0.24.0", "typescript": "^5.6.2", "wrangler": "4.14.0"},
    }
    if pm:
        pkg["packageManager"] = pm
    return {
        "package.json": json.dumps(pkg, indent=2) + "\n",
        "tsconfig.json": json.dumps({"compilerOptions": {"target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler",
                                                         "strict": True, "skipLibCheck": True, "noEmit": True, "types": []},
                                     "include": ["src"]}, indent=2) + "\n",
        "src/index.ts": 'import { Hono } from "hono";\nimport { priceLabel } from "./pricing";\n\nconst app = new Hono();\n\n'
                        'app.get("/", (c) => c.text("Welcome to the Acme shop"));\n'
                        'app.get("/price/:cents", (c) => c.json({ label: priceLabel(Number(c.req.param("cents"))) }));\n\nexport default app;\n',
        "src/pricing.ts": "export function priceLabel(cents: number): string {\n  const total: number = cents / 100;\n  return `$${total.toFixed(2)}`;\n}\n",
        "wrangler.toml": f'name = "{name}"\nmain = "src/index.ts"\ncompatibility_date = "2025-05-01"\n\n[observability]\nenabled = true\n',
        ".gitignore": "node_modules\ndist\n.wrangler\n",
    }


def write_files(d, files):
    for p, c in files.items():
        fp = os.path.join(d, p)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        with open(fp, "w") as f:
            f.write(c)
        if p.endswith(".sh"):
            os.chmod(fp, 0o755)


# ---------------------------------------------------------------- build log assembly
class Build:
    def __init__(self, key, worker, start, msg, branch="main", fmt="ts", gz=False):
        self.key, self.worker, self.start, self.msg, self.branch = key, worker, start, msg, branch
        self.id = uid()
        self.fmt, self.gz = fmt, gz
        self.t = start + dt.timedelta(milliseconds=random.randint(300, 2500))
        self.lines = []  # (time, text)
        self.work = f"{CAP}/work/{self.id}"
        self.repo = f"{self.work}/repo"
        self.remote_root = f"{CAP}/remotes/{self.id}"
        self.commit = None
        self.label = {}
        self.build_cmd, self.deploy_cmd = "npm run build", "npx wrangler deploy"

    # time helpers
    def tick(self, lo=20, hi=400):
        self.t += dt.timedelta(milliseconds=random.randint(lo, hi))
        return self.t

    def p(self, text, lo=20, hi=400):
        self.lines.append((self.tick(lo, hi), text))
        return len(self.lines)

    def sanitize(self, out):
        for a, b in getattr(self, "rewrites", []):
            out = out.replace(a, b)
        ts = self.t.strftime("%Y-%m-%dT%H_%M_%S_") + f"{self.t.microsecond // 1000:03d}Z"
        out = re.sub(r"/[^\s'\"]*/_logs/\d{4}-\d\d-\d\dT\d\d_\d\d_\d\d_\d{3}Z-(debug-0\.log|eresolve-report\.txt)",
                     lambda m: f"/opt/buildhome/.npm/_logs/{ts}-{m.group(1)}", out)
        wts = self.t.strftime("%Y-%m-%d_%H-%M-%S_") + f"{self.t.microsecond // 1000:03d}"
        out = re.sub(r"/[^\s'\"]*/\.wrangler/logs/wrangler-[0-9_-]+\.log",
                     f"/opt/buildhome/.config/.wrangler/logs/wrangler-{wts}.log", out)
        out = re.sub(r"file:///tmp/capture/remotes/[^/]+/acme/", "https://github.com/acme/", out)
        out = out.replace(HTTP_GIT, "https://github.com")
        out = out.replace(self.repo, "/opt/buildhome/repo")
        out = out.replace(HOME, "/opt/buildhome")
        out = out.replace(CAP + "/tools/node_modules", "/opt/buildhome/.local/lib/node_modules")
        out = out.replace(CAP, "/opt/buildhome")
        out = out.replace("/root/", "/opt/buildhome/")
        return out

    def run(self, cmd, env=None, cwd=None, timeout=600, keep_trailing_blank=False):
        os.makedirs(cwd or self.repo, exist_ok=True)
        out, rc, el = sh_stream(cmd, cwd or self.repo, env, timeout)
        first = len(self.lines) + 1
        base = self.t
        prev = base
        for sec, text in out:
            t = base + dt.timedelta(seconds=sec, milliseconds=random.randint(5, 40))
            if t <= prev:
                t = prev + dt.timedelta(milliseconds=1)
            prev = t
            self.lines.append((t, self.sanitize(text)))
        self.t = max(prev, base + dt.timedelta(seconds=el))
        self.last_rc = rc
        return first, [l for _, l in out], rc

    def find(self, pattern, start=1):
        for i in range(start - 1, len(self.lines)):
            if re.search(pattern, self.lines[i][1]):
                return i + 1
        raise RuntimeError(f"{self.key}: pattern {pattern!r} not found:\n" + "\n".join(l for _, l in self.lines))

    # ---- standard stages
    def make_repo(self, files, setup=None):
        m = re.search(r'name = "([^"]+)"', files.get("wrangler.toml", ""))
        if m:
            self.worker = m.group(1)
        src = f"{self.work}/src"
        os.makedirs(src, exist_ok=True)
        write_files(src, files)
        if setup:
            setup(src)
        d = (self.start - dt.timedelta(minutes=random.randint(1, 9))).strftime("%Y-%m-%dT%H:%M:%S+0000")
        genv = {"GIT_AUTHOR_NAME": "Dana Developer", "GIT_AUTHOR_EMAIL": "dev@acme.com", "GIT_COMMITTER_NAME": "Dana Developer",
                "GIT_COMMITTER_EMAIL": "dev@acme.com", "GIT_AUTHOR_DATE": d, "GIT_COMMITTER_DATE": d}
        quiet(f"git init -q -b {self.branch} && git add -A && git commit -q -m {json.dumps(self.msg)}", src, genv)
        self.commit = quiet("git rev-parse HEAD", src).strip()
        rr = f"{self.remote_root}/acme"
        os.makedirs(rr, exist_ok=True)
        quiet(f"git clone -q --bare {src} {rr}/{self.worker} && git -C {rr}/{self.worker} config uploadpack.allowAnySHA1InWant true", CAP)

    def init(self):
        self.p("Initializing build environment...", 0, 10)
        self.p("Success: Finished initializing build environment", 4000, 12000)

    def clone(self):
        self.p("Cloning repository...", 20, 200)
        os.makedirs(self.repo, exist_ok=True)
        quiet(f"git init -q -b {self.branch} . && git remote add origin file://{self.remote_root}/acme/{self.worker}", self.repo)
        self.run(f"git fetch --depth=1 origin {self.commit} && git reset --hard FETCH_HEAD")
        self.p("Success: Finished cloning repository files", 50, 300)

    def config(self, tools=None):
        self.p("Checking for configuration in a Wrangler configuration file (BETA)", 100, 600)
        self.p("Found wrangler.toml file. Reading build configuration...", 100, 400)
        self.p("Detected the following tools from environment: " + (tools or f"npm@{NPM_V}, nodejs@{NODE_V}"), 200, 800)

    def preamble(self, tools=None):
        self.init(); self.clone(); self.config(tools)

    def npm_ci(self, env=None):
        self.p("Installing project dependencies: npm clean-install --progress=false", 200, 900)
        return self.run("npm clean-install --progress=false", env)

    def build(self, cmd="npm run build", env=None):
        self.build_cmd = cmd
        self.p(f"Executing user build command: {cmd}", 50, 300)
        return self.run(cmd, env)

    def deploy_success(self):
        self.p(f"Executing user deploy command: {self.deploy_cmd}", 50, 300)
        first, chunks, rc = self.run("npx wrangler deploy --dry-run")
        # captured dry-run output; drop the dry-run marker and replace with the (hand-written) live-upload lines
        idx = [i for i, (_, l) in enumerate(self.lines) if l.startswith("--dry-run: exiting now.")]
        tail = self.lines[idx[0] + 1:]
        self.lines = self.lines[:idx[0]]
        self.p("Worker Startup Time: %d ms" % random.randint(8, 30), 300, 900)
        self.p(f"Uploaded {self.worker} (%.2f sec)" % random.uniform(2.1, 5.5), 2000, 5000)
        self.p(f"Deployed {self.worker} triggers (%.2f sec)" % random.uniform(0.2, 0.9), 200, 900)
        self.p(f"  https://{self.worker}.acme.workers.dev", 1, 5)
        self.p(f"Current Version ID: {uid()}", 1, 5)
        for _, l in tail:
            self.p(l, 1, 20)
        self.p("Success: Deploy command completed", 100, 500)

    def deploy(self, cmd="npx wrangler deploy", env=None):
        self.deploy_cmd = cmd
        self.p(f"Executing user deploy command: {cmd}", 50, 300)
        return self.run(cmd, env)

    # ---- output
    def write(self):
        name = f"{self.id}.log" + (".gz" if self.gz else "")
        if self.fmt == "ts":
            text = "\n".join(t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z\t{l}" for t, l in self.lines) + "\n"
        else:
            text = "\n".join(l for _, l in self.lines) + "\n"
        data = text.encode("utf-8")
        path = os.path.join(OUT, name)
        if self.gz:
            with gzip.open(path, "wb") as f:
                f.write(data)
        else:
            with open(path, "wb") as f:
                f.write(data)
        self.file = name
        return name

    def end_time(self):
        return self.lines[-1][0] if self.lines else self.t


# ---------------------------------------------------------------- scenarios
SCEN = []


def scenario(fn):
    SCEN.append(fn)
    return fn


def start_time(i):
    base = dt.datetime(2025, 5, 6, 8, 0, 0, tzinfo=dt.timezone.utc)
    return base + dt.timedelta(days=i * 4 + random.randint(0, 3), hours=random.randint(0, 10), minutes=random.randint(0, 59),
                               seconds=random.randint(0, 59), milliseconds=random.randint(0, 999))


def lab(b, outcome, category, stage, fault, cause, tool, note):
    b.label = {"outcome": outcome, "category": category, "stage": stage, "fault": fault, "causeLine": cause, "tool": tool, "note": note}


def ok_lock(src):
    quiet("npm install --package-lock-only --ignore-scripts >/dev/null", src)


# ---------- successes
@scenario
def s_basic(b):
    b.make_repo(files_worker("shop-site"), ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "npm/tsc/esbuild/wrangler",
        "npm clean-install; npm run build (tsc --noEmit && esbuild); wrangler deploy --dry-run captured, upload/deploy/URL/version lines hand-written")


@scenario
def s_error_boundary(b):
    f = files_worker("docs-portal", scripts={"build": "tsc -p tsconfig.build.json --listEmittedFiles && node scripts/typecheck-summary.mjs",
                                             "deploy": "wrangler deploy"})
    f["tsconfig.build.json"] = json.dumps({"extends": "./tsconfig.json", "compilerOptions": {"noEmit": False, "outDir": "dist", "declaration": False}}, indent=2)
    f["src/components/error-boundary.ts"] = ("export function withErrorBoundary<T>(fn: () => T, fallback: T): T {\n"
                                             "  try {\n    return fn();\n  } catch {\n    return fallback;\n  }\n}\n")
    f["src/components/error-page.ts"] = "export const errorPage = (status: number): string => `<h1>${status}</h1><p>Something went wrong.</p>`;\n"
    f["scripts/typecheck-summary.mjs"] = 'console.log("Type-checked 5 files.");\nconsole.log("Found 0 errors.");\n'
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "tsc",
        "tsc --listEmittedFiles prints dist/components/error-boundary.js etc.; 'Found 0 errors.' printed by a project script")


@scenario
def s_warnings(b):
    f = files_worker("blog", extra_deps={"rimraf": "^3.0.2"},
                     scripts={"prebuild": "node scripts/gen-sitemap.mjs",
                              "build": "esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js", "deploy": "wrangler deploy"})
    f["src/index.ts"] = ('import { Hono } from "hono";\nconst app = new Hono();\nconst meta = { title: "Acme blog", title: "Acme Blog" };\n'
                         'app.get("/", (c) => c.text(meta.title));\nexport default app;\n')
    f["scripts/gen-sitemap.mjs"] = ('const pages = ["/", "/posts/hello", "/posts/launch", "/drafts/untitled"];\n'
                                    'console.log(`sitemap: ${pages.length} urls`);\n'
                                    'console.warn("warning: 1 page has no <title>, using slug: /drafts/untitled");\n')
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci()
    # the registry mirror reachable here strips "deprecated" from packuments, so npm printed no deprecation
    # warnings; insert the well-known real messages for rimraf@3's tree by hand, before npm's summary
    i = b.find(r"^added \d+ packages") - 1
    t1 = b.lines[i - 1][0]
    dep = ["npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it. Check out lru-cache if you want a good and tested way to coalesce async requests by a key value, which is much more comprehensive and powerful.",
           "npm warn deprecated rimraf@3.0.2: Rimraf versions prior to v4 are no longer supported",
           "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported"]
    b.lines[i - 1:i - 1] = [(t1 - dt.timedelta(milliseconds=len(dep) - k), d) for k, d in enumerate(dep)]
    b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "npm/esbuild",
        "esbuild duplicate-key warning (captured, twice: esbuild and wrangler); prebuild script prints 'warning: ...' (captured); "
        "3 'npm warn deprecated' lines (inflight, rimraf, glob) HAND-INSERTED because the registry mirror here strips deprecation notices")


@scenario
def s_audit(b):
    b.make_repo(files_worker("status-page"), ok_lock)
    b.preamble(); b.npm_ci({"npm_config_audit": "true", "npm_config_registry": "http://127.0.0.1:8097/"})
    b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "npm",
        "npm clean-install with audit=true -> 'added N packages, and audited M packages' / 'found 0 vulnerabilities'. The registry mirror here "
        "has no audit endpoint, so npm was pointed at a local pass-through proxy (fakeaudit.py) whose bulk-advisory endpoint answers {}")


@scenario
def s_jest(b):
    f = files_worker("api-gateway", scripts={"test": "jest --verbose", "build": "esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js",
                                             "deploy": "wrangler deploy"},
                     dev={"esbuild": "^0.24.0", "jest": "^29.7.0", "wrangler": "4.14.0"})
    f["src/status.js"] = ("function classify(code) {\n  if (code >= 500) return 'server-error';\n  if (code >= 400) return 'client-error';\n"
                          "  if (code >= 300) return 'redirect';\n  return 'ok';\n}\nmodule.exports = { classify };\n")
    tests = ["handles error responses", "handles 404 as client error", "handles 301 redirect", "passes 200 through",
             "treats 503 as retryable", "rejects negative codes gracefully", "maps 418 to client error", "handles 204 no content",
             "handles 302 found", "handles 500 internal error", "handles 429 rate limit", "handles 100 continue"]
    exp = ["server-error", "client-error", "redirect", "ok", "server-error", "ok", "client-error", "ok", "redirect", "server-error", "client-error", "ok"]
    codes = [502, 404, 301, 200, 503, -1, 418, 204, 302, 500, 429, 100]
    body = "const { classify } = require('../src/status');\n\ndescribe('classify', () => {\n"
    for t, e, c in zip(tests, exp, codes):
        body += f"  test({json.dumps(t)}, () => {{\n    expect(classify({c})).toBe({json.dumps(e)});\n  }});\n"
    f["test/status.test.js"] = body + "});\n"
    b.make_repo(f, ok_lock)
    b.build_cmd = "npm test && npm run build"
    b.preamble(); b.npm_ci(); b.build("npm test && npm run build"); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "jest", "jest --verbose: 'Tests: 12 passed', '✓ handles error responses'")


@scenario
def s_pnpm_color(b):
    f = files_worker("marketing-site", pm="pnpm@9.15.9")
    def setup(src):
        quiet(f"{TOOLS}/pnpm install --lockfile-only >/dev/null", src)
    b.make_repo(f, setup)
    env = {"FORCE_COLOR": "1"}
    b.preamble(tools=f"pnpm@9.15.9, nodejs@{NODE_V}")
    b.p("Installing pnpm 9.15.9", 100, 400)
    b.p("Installing project dependencies: pnpm install --frozen-lockfile", 3000, 6000)
    b.run("pnpm install --frozen-lockfile", env)
    b.build("pnpm run build", env)
    b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "pnpm/esbuild", "FORCE_COLOR=1 pnpm install --frozen-lockfile; pnpm run build (ANSI colours kept)")


@scenario
def s_curl_progress(b):
    f = files_worker("geo-lookup", scripts={"fetch-data": "mkdir -p vendor && curl -L -o vendor/hono.tgz https://registry.npmjs.org/hono/-/hono-4.6.3.tgz",
                                            "build": "npm run fetch-data && esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js",
                                            "deploy": "wrangler deploy"})
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "curl", "build runs curl -L -o ... (curl progress meter with bare \\r kept)")


@scenario
def s_gz_success(b):
    b.gz = True
    b.make_repo(files_worker("shop-site"), ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100); b.deploy_success()
    lab(b, "success", None, None, None, None, "npm/tsc/esbuild/wrangler", "same as basic success, stored gzip")


# ---------- clone failures
@scenario
def f_clone_repo_missing(b):
    b.worker = "shop-site-legacy"
    b.init(); b.p("Cloning repository...", 20, 200)
    os.makedirs(b.repo, exist_ok=True)
    quiet(f"git init -q -b main . && git remote add origin {HTTP_GIT}/acme/shop-site-legacy", b.repo)
    first, chunks, rc = b.run("git fetch --depth=1 origin main")
    c = b.find(r"not found")
    b.p("Failed: error occurred while cloning repository", 50, 200)
    lab(b, "failure", "clone", "clone", "user", c, "git", "git fetch from a local HTTP server answering 404 (host rewritten to https://github.com)")


@scenario
def f_clone_branch(b):
    b.make_repo(files_worker("shop-site"))
    b.branch = "feature/new-checkout"
    b.init(); b.p("Cloning repository...", 20, 200)
    b.run(f"git clone --depth 1 --branch feature/new-checkout file://{b.remote_root}/acme/{b.worker} repo", cwd=b.work)
    c = b.find(r"fatal: Remote branch")
    b.p("Failed: error occurred while cloning repository", 50, 200)
    lab(b, "failure", "clone", "clone", "user", c, "git", "git clone --branch feature/new-checkout of a repo without that branch")


@scenario
def f_clone_dns(b):
    b.init(); b.p("Cloning repository...", 20, 200)
    b.run("git clone --depth 1 https://github.com/acme/shop-site repo", cwd=b.work)
    c = b.find(r"Could not resolve host")
    b.p("Failed: error occurred while cloning repository", 50, 200)
    lab(b, "failure", "clone", "clone", "platform", c, "git", "git clone https://github.com/... with no DNS in the sandbox")


@scenario
def f_clone_auth(b):
    b.worker = "private-dashboard"
    b.init(); b.p("Cloning repository...", 20, 200)
    os.makedirs(b.repo, exist_ok=True)
    quiet(f"git init -q -b main . && git remote add origin {HTTP_GIT}/acme/private-dashboard", b.repo)
    b.run("git fetch --depth=1 origin main")
    c = b.find(r"could not read Username")
    b.p("Failed: error occurred while cloning repository", 50, 200)
    lab(b, "failure", "clone", "clone", "user", c, "git",
        "git fetch from a local HTTP server answering 401 with GIT_TERMINAL_PROMPT=0 (host rewritten to https://github.com)")


# ---------- install failures
@scenario
def f_npm_out_of_sync(b):
    f = files_worker("shop-site")
    def setup(src):
        ok_lock(src)
        pj = json.loads(open(f"{src}/package.json").read())
        pj["dependencies"]["zod"] = "^3.23.8"
        open(f"{src}/package.json", "w").write(json.dumps(pj, indent=2) + "\n")
    b.make_repo(f, setup)
    b.preamble(); b.npm_ci()
    c = b.find(r"are in sync")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "npm", "zod added to package.json without updating package-lock.json; npm clean-install")


@scenario
def f_npm_e404(b):
    f = files_worker("docs-portal", extra_deps={"@acme/ui-kitt": "^2.1.0"})
    b.make_repo(f)
    b.preamble()
    b.p("Installing project dependencies: npm install --progress=false", 200, 900)
    b.run("npm install --progress=false")
    c = b.find(r"npm error 404 Not Found")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "npm", "npm install with a dependency on a nonexistent package (@acme/ui-kitt)")


@scenario
def f_npm_eresolve(b):
    b.fmt = "plain"
    f = files_worker("admin-ui", extra_deps={"react": "^18.3.1", "react-dom": "^17.0.2"})
    b.make_repo(f)
    b.preamble()
    b.p("Installing project dependencies: npm install --progress=false", 200, 900)
    b.run("npm install --progress=false")
    c = b.find(r"npm error ERESOLVE")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "npm", "react@18 + react-dom@17 peer conflict; npm install; plain text, no timestamps")


@scenario
def f_npm_econnrefused(b):
    b.make_repo(files_worker("shop-site"), ok_lock)
    b.preamble(); b.npm_ci({"npm_config_registry": "http://127.0.0.1:9/", "npm_config_cache": f"{b.work}/npmcache"})
    c = b.find(r"reason: connect ECONNREFUSED")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "platform", c, "npm",
        "npm clean-install with npm_config_registry=http://127.0.0.1:9/ (env, not in repo) and an empty cache")


@scenario
def f_npm_enotfound(b):
    b.gz = True
    b.rewrites = [("npm-mirror.acme-build.invalid", "registry.npmjs.org")]
    b.make_repo(files_worker("status-page"), ok_lock)
    b.preamble(); b.npm_ci({"npm_config_registry": "https://npm-mirror.acme-build.invalid/", "npm_config_cache": f"{b.work}/npmcache"})
    c = b.find(r"reason: getaddrinfo ENOTFOUND")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "platform", c, "npm",
        "npm clean-install against an unresolvable registry host (rewritten to registry.npmjs.org in the log), empty cache")


@scenario
def f_npm_timeout(b):
    b.rewrites = [("http://127.0.0.1:8099", "https://registry.npmjs.org")]
    b.make_repo(files_worker("blog"), ok_lock)
    b.preamble(); b.npm_ci({"npm_config_registry": "http://127.0.0.1:8099/", "npm_config_cache": f"{b.work}/npmcache",
                            "npm_config_fetch_timeout": "20000", "npm_config_fetch_retries": "1"})
    c = b.find(r"network timeout")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "platform", c, "npm",
        "npm clean-install against a local TCP blackhole (accepts, never answers), fetch-timeout 20s, host rewritten to registry.npmjs.org")


@scenario
def f_pnpm_outdated(b):
    f = files_worker("marketing-site", pm="pnpm@9.15.9")
    def setup(src):
        quiet(f"{TOOLS}/pnpm install --lockfile-only >/dev/null", src)
        pj = json.loads(open(f"{src}/package.json").read())
        pj["dependencies"]["nanoid"] = "^5.0.7"
        open(f"{src}/package.json", "w").write(json.dumps(pj, indent=2) + "\n")
    b.make_repo(f, setup)
    b.preamble(tools=f"pnpm@9.15.9, nodejs@{NODE_V}")
    b.p("Installing pnpm 9.15.9", 100, 400)
    b.p("Installing project dependencies: pnpm install --frozen-lockfile", 3000, 6000)
    b.run("pnpm install --frozen-lockfile")
    c = b.find(r"ERR_PNPM_OUTDATED_LOCKFILE")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "pnpm", "nanoid added to package.json after pnpm-lock.yaml was generated; pnpm install --frozen-lockfile")


@scenario
def f_yarn_frozen(b):
    f = files_worker("admin-ui", pm="yarn@1.22.22")
    def setup(src):
        quiet(f"{TOOLS}/yarn install --ignore-scripts >/dev/null 2>&1; rm -rf node_modules", src)
        pj = json.loads(open(f"{src}/package.json").read())
        pj["dependencies"]["dayjs"] = "^1.11.13"
        open(f"{src}/package.json", "w").write(json.dumps(pj, indent=2) + "\n")
    b.make_repo(f, setup)
    b.preamble(tools=f"yarn@1.22.22, nodejs@{NODE_V}")
    b.p("Installing yarn 1.22.22", 100, 400)
    b.p("Installing project dependencies: yarn install --frozen-lockfile", 3000, 6000)
    b.run("yarn install --frozen-lockfile")
    c = b.find(r"lockfile needs to be updated")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "yarn", "dayjs added to package.json after yarn.lock was generated; yarn install --frozen-lockfile (yarn 1 from npm)")


@scenario
def f_bun_frozen(b):
    f = files_worker("edge-cache")
    f.pop("package.json")
    f["package.json"] = json.dumps({"name": "edge-cache", "version": "0.3.0", "private": True,
                                    "scripts": {"build": "bun build src/index.ts --outdir dist --target browser"},
                                    "dependencies": {"hono": "^4.6.3"}}, indent=2) + "\n"
    def setup(src):
        quiet(f"{TOOLS}/bun install >/dev/null 2>&1; rm -rf node_modules", src)
        pj = json.loads(open(f"{src}/package.json").read())
        pj["dependencies"]["itty-router"] = "^5.0.18"
        open(f"{src}/package.json", "w").write(json.dumps(pj, indent=2) + "\n")
    b.make_repo(f, setup)
    bv = quiet(f"{TOOLS}/bun --version", CAP).strip()
    b.preamble(tools=f"bun@{bv}, nodejs@{NODE_V}")
    b.p(f"Installing bun {bv}", 100, 400)
    b.p("Installing project dependencies: bun install --frozen-lockfile", 3000, 6000)
    b.run("bun install --frozen-lockfile")
    c = b.find(r"error: lockfile had changes")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "bun", "itty-router added to package.json after bun.lock was generated; bun install --frozen-lockfile (bun from npm)")


@scenario
def f_corepack_mismatch(b):
    f = files_worker("shop-site")
    def setup(src):
        quiet(f"{TOOLS}/pnpm install --lockfile-only >/dev/null", src)
        pj = json.loads(open(f"{src}/package.json").read())
        pj["packageManager"] = "yarn@1.22.22"
        open(f"{src}/package.json", "w").write(json.dumps(pj, indent=2) + "\n")
    b.make_repo(f, setup)
    b.preamble(tools=f"pnpm@9.15.9, nodejs@{NODE_V}")
    b.p("Installing project dependencies: pnpm install --frozen-lockfile", 300, 900)
    b.run(f"{CAP}/cpbin/pnpm install --frozen-lockfile")
    c = b.find(r"configured to use yarn")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "corepack",
        "packageManager=yarn@1.22.22 but stray pnpm-lock.yaml made the platform run pnpm; corepack shim refuses (COREPACK_ENABLE_STRICT default)")
    # add a pnpm-lock.yaml-like reason visible? keep as is


@scenario
def f_corepack_badversion(b):
    f = files_worker("docs-portal", pm="pnpm@99.1.0")
    b.make_repo(f)
    b.preamble(tools=f"pnpm@99.1.0, nodejs@{NODE_V}")
    b.p("Installing pnpm 99.1.0", 100, 400)
    b.run(f"{CAP}/cpbin/pnpm --version", {"COREPACK_HOME": f"{b.work}/corepack"})
    c = b.find(r"Server answered with HTTP 404")
    b.p("Failed: error occurred while installing tools", 50, 200)
    lab(b, "failure", "tool_installation", "install", "user", c, "corepack", "packageManager=pnpm@99.1.0 (does not exist); corepack pnpm --version")


@scenario
def f_tool_download_dns(b):
    f = files_worker("edge-cache")
    b.make_repo(f, ok_lock)
    b.preamble(tools=f"bun@1.1.30, nodejs@{NODE_V}")
    b.p("Installing bun 1.1.30", 100, 400)
    b.run("curl -fL --retry 2 -o /tmp/bun.zip https://github.com/oven-sh/bun/releases/download/bun-v1.1.30/bun-linux-x64.zip")
    c = b.find(r"Could not resolve host")
    b.p("Failed: error occurred while installing tools", 50, 200)
    lab(b, "failure", "tool_installation", "install", "platform", c, "curl",
        "curl -fL --retry 2 of the bun release zip from github.com (no DNS); curl progress meter with bare \\r")


@scenario
def f_pip_unreachable(b):
    f = files_worker("ml-inference")
    f["requirements.txt"] = "requests==2.32.3\n"
    b.make_repo(f)
    b.preamble(tools=f"npm@{NPM_V}, nodejs@{NODE_V}, python@3.11.7, pip@23.2.1")
    b.p("Installing project dependencies: pip install -r requirements.txt", 200, 900)
    b.run("/root/.pyenv/versions/3.11.7/bin/python3 -m pip install -r requirements.txt", {"PIP_CONFIG_FILE": "/dev/null", "PIP_FIND_LINKS": None, "PIP_DEFAULT_TIMEOUT": "5",
                                                         "PIP_CERT": None, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_CACHE_DIR": "1"})
    c = b.find(r"NameResolutionError|Failed to establish a new connection|Temporary failure in name resolution")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "platform", c, "pip",
        "pip install -r requirements.txt (requests==2.32.3) with pypi.org unreachable (DNS); cause = first retry warning")


@scenario
def f_pip_nonexistent(b):
    b.gz = True
    b.rewrites = [(f"{HTTP_GIT}/simple", "https://pypi.org/simple")]
    f = files_worker("ml-inference")
    f["requirements.txt"] = "nonexistent-pkg-xyz==99\n"
    b.make_repo(f)
    b.preamble(tools=f"npm@{NPM_V}, nodejs@{NODE_V}, python@3.11.7, pip@23.2.1")
    b.p("Installing project dependencies: pip install -r requirements.txt", 200, 900)
    b.run("/root/.pyenv/versions/3.11.7/bin/python3 -m pip install -r requirements.txt", {"PIP_CONFIG_FILE": "/dev/null", "PIP_FIND_LINKS": None, "PIP_CERT": None,
                                                         "PIP_NO_CACHE_DIR": "1", "PIP_INDEX_URL": f"{HTTP_GIT}/simple"})
    c = b.find(r"Could not find a version that satisfies")
    b.p("Failed: error occurred while installing dependencies", 50, 200)
    lab(b, "failure", "dependency_installation", "install", "user", c, "pip",
        "pip install -r requirements.txt (nonexistent-pkg-xyz==99) against a reachable local HTTP index answering 404 for every project "
        "(what PyPI answers for an unknown name); index URL rewritten to https://pypi.org/simple")


# ---------- build failures
@scenario
def f_tsc_ts2322(b):
    f = files_worker("shop-site")
    f["src/pricing.ts"] = ("export function priceLabel(cents: number): string {\n  const total: number = (cents / 100).toFixed(2);\n"
                           "  return `$${total}`;\n}\n")
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"error TS2322")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "tsc", "tsc --noEmit with `const total: number = (...).toFixed(2)`")


@scenario
def f_tsc_ts2307_color(b):
    f = files_worker("api-gateway", scripts={"build": "tsc --noEmit --pretty && esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js",
                                             "deploy": "wrangler deploy"})
    f["src/index.ts"] = 'import { Hono } from "hono";\nimport { cors } from "@hono/cors";\n\nconst app = new Hono();\napp.use("*", cors());\napp.get("/", (c) => c.text("ok"));\nexport default app;\n'
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build(env={"FORCE_COLOR": "1"})
    c = b.find(r"TS2307")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "tsc", "import from '@hono/cors' (not installed); tsc --noEmit --pretty with FORCE_COLOR=1 (ANSI)")


@scenario
def f_esbuild_resolve(b):
    f = files_worker("blog", scripts={"build": "esbuild src/index.ts --bundle --format=esm --outfile=dist/worker.js --color=true",
                                      "deploy": "wrangler deploy"})
    f["src/index.ts"] = 'import { Hono } from "hono";\nimport { renderPost } from "./lib/render";\n\nconst app = new Hono();\napp.get("/:slug", (c) => c.html(renderPost(c.req.param("slug"))));\nexport default app;\n'
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"Could not resolve")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "esbuild", "import ./lib/render which is not committed; esbuild --bundle --color=true (ANSI)")


@scenario
def f_module_not_found(b):
    f = files_worker("docs-portal", scripts={"build": "node scripts/build-docs.mjs", "deploy": "wrangler deploy"})
    f["scripts/build-docs.mjs"] = 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nconst md = require("markdown-it");\nconsole.log(md);\n'
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"Error: Cannot find module")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "node", "build script require('markdown-it') which is not a dependency")


@scenario
def f_heap_oom(b):
    f = files_worker("search-index", scripts={"build": "node --max-old-space-size=16 scripts/build-index.js", "deploy": "wrangler deploy"})
    f["scripts/build-index.js"] = ('console.log("Indexing 184233 documents...");\nconst index = [];\n'
                                   'for (let i = 0; ; i++) {\n  index.push(new Array(1e5).fill("doc-" + i));\n}\n')
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"JavaScript heap out of memory")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "node", "node --max-old-space-size=16 on a script that allocates forever")


@scenario
def f_missing_script(b):
    f = files_worker("status-page", scripts={"dev": "wrangler dev", "deploy": "wrangler deploy"})
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"Missing script")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "build_command", "build", "user", c, "npm", "npm run build with no build script in package.json")


@scenario
def f_unknown_segfault(b):
    f = files_worker("og-images", scripts={"build": "./scripts/render-og.sh", "deploy": "wrangler deploy"})
    f["scripts/render-og.sh"] = ('#!/bin/bash\nset -e\necho "og-render: loading 42 templates"\necho "og-render: rasterizing /posts/launch"\n'
                                 'node -e \'process.kill(process.pid, "SIGSEGV")\'\n')
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    c = b.find(r"Segmentation fault")
    b.p("Failed: error occurred while running build command", 50, 200)
    lab(b, "failure", "unknown", "build", "unknown", c, "bash",
        "custom script whose node child dies with SIGSEGV; bash prints 'Segmentation fault'. No known tool signature. (stage is build; category 'unknown' per brief)")


# ---------- deploy failures
@scenario
def f_wrangler_no_token(b):
    b.make_repo(files_worker("shop-site"), ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100)
    b.deploy(env={"FORCE_COLOR": "1"})
    c = b.find(r"CLOUDFLARE_API_TOKEN")
    b.p("Failed: error occurred while running deploy command", 50, 200)
    lab(b, "failure", "deploy_command", "deploy", "user", c, "wrangler", "npx wrangler deploy with CI=true and no CLOUDFLARE_API_TOKEN; FORCE_COLOR=1 (ANSI)")


@scenario
def f_wrangler_toml(b):
    f = files_worker("blog")
    f["wrangler.toml"] = 'name = "blog"\nmain = "src/index.ts"\ncompatibility_date = "2025-05-01"\n\n[vars]\nSITE_URL = "https://blog.acme.com\nFEATURE_FLAGS = "comments,rss"\n'
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100)
    b.deploy(env={"CLOUDFLARE_API_TOKEN": "invalid-token-for-capture", "CLOUDFLARE_ACCOUNT_ID": ACCOUNT})
    c = b.find(r"ERROR")
    lab(b, "failure", "deploy_command", "deploy", "user", c, "wrangler", "wrangler.toml with an unterminated string in [vars]; npx wrangler deploy")
    b.p("Failed: error occurred while running deploy command", 50, 200)


@scenario
def f_wrangler_api_dns(b):
    b.make_repo(files_worker("api-gateway"), ok_lock)
    b.preamble(); b.npm_ci(); b.build(); b.p("Success: Build command completed", 20, 100)
    b.deploy(env={"CLOUDFLARE_API_TOKEN": "invalid-token-for-capture", "CLOUDFLARE_ACCOUNT_ID": ACCOUNT, "NO_COLOR": None, "FORCE_COLOR": "1"})
    c = b.find(r"ERROR.*fetch failed")
    b.p("Failed: error occurred while running deploy command", 50, 200)
    lab(b, "failure", "deploy_command", "deploy", "platform", c, "wrangler", "npx wrangler deploy with a token set but no DNS for api.cloudflare.com (wrangler 4.14 reports only 'fetch failed'); FORCE_COLOR=1 (ANSI)")


# ---------- platform / synthetic
@scenario
def f_timeout(b):
    f = files_worker("docs-portal", scripts={"build": "node scripts/prerender.mjs", "deploy": "wrangler deploy"})
    f["scripts/prerender.mjs"] = ('const pages = 4800;\nconsole.log(`prerender: ${pages} pages`);\n'
                                  'for (let i = 1; i <= pages; i++) {\n  if (i % 200 === 0) console.log(`prerender: ${i}/${pages} pages rendered`);\n'
                                  '  await new Promise((r) => setTimeout(r, i > 1000 ? 1e9 : 1));\n}\n')
    b.make_repo(f, ok_lock)
    b.preamble(); b.npm_ci()
    b.p("Executing user build command: npm run build", 50, 300)
    b.run("timeout 8 npm run build")
    # the build hangs after the last line; the platform kills it at the 20 minute limit
    b.t = b.start + dt.timedelta(minutes=20, milliseconds=random.randint(50, 900))
    c = b.p("Build was timed out", 0, 1)
    lab(b, "failure", "timeout", "build", "unknown", c, "platform",
        "real npm ci + prerender script output (captured with `timeout 8`), then the log is extended by hand: silence until the 20 min limit and 'Build was timed out'")


@scenario
def f_canceled(b):
    b.make_repo(files_worker("shop-site"), ok_lock)
    b.preamble()
    b.p("Installing project dependencies: npm clean-install --progress=false", 200, 900)
    c = b.p("Build was canceled", 6000, 15000)
    lab(b, "canceled", None, None, None, c, "platform", "hand-written cancel during dependency install (real init/clone lines)")


@scenario
def f_internal(b):
    b.make_repo(files_worker("marketing-site"), ok_lock)
    b.init(); b.clone()
    c = b.p("Failed: an internal error occurred. If this continues, contact support: https://cfl.re/3WgEyrH", 1000, 5000)
    lab(b, "failure", "internal", "clone", "platform", c, "platform", "real clone output then hand-written internal-error line")


@scenario
def f_health(b):
    b.make_repo(files_worker("search-index"), ok_lock)
    b.preamble(); b.npm_ci()
    b.p("Executing user build command: npm run build", 50, 300)
    b.run("npm run build 2>&1 | head -3")
    c = b.p("Failed: build container health check failed", 30000, 60000)
    lab(b, "failure", "health_check", "build", "platform", c, "platform", "real npm ci + first lines of build, then hand-written health-check failure")


@scenario
def f_init(b):
    b.worker = "status-page"
    b.p("Initializing build environment...", 0, 10)
    c = b.p("Failed: failed to initialize build environment", 45000, 90000)
    lab(b, "failure", "initialization", "init", "platform", c, "platform", "hand-written")


@scenario
def f_truncated_failure(b):
    b.make_repo(files_worker("geo-lookup"), ok_lock)
    b.preamble(); b.npm_ci(); b.build()
    # the log stream was cut: keep only up to the echoed build command
    b.lines = b.lines[:b.find(r"^> esbuild|^> tsc")]
    b.truncated_event = "failure"
    lab(b, "failure", "unknown", "build", "unknown", None, None,
        "real npm ci + start of npm run build, log cut after the echoed script line (no terminal line); only the failed event tells the outcome")


@scenario
def f_truncated_unknown(b):
    b.make_repo(files_worker("og-images"), ok_lock)
    b.preamble(); b.npm_ci()
    b.p("Executing user build command: npm run build", 50, 300)
    b.truncated_event = "started-only"
    lab(b, "unknown", None, "build", None, None, None,
        "log ends right after 'Executing user build command' with no terminal line and only a started event")


# ---------------------------------------------------------------- events
def event(b, kind, when):
    outcome = {"started": None, "succeeded": "success", "failed": "failure", "canceled": "canceled"}[kind]
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    payload = {"buildUuid": b.id, "status": "running" if kind == "started" else "stopped", "buildOutcome": outcome,
               "createdAt": iso(b.start)}
    if kind == "started":
        payload["initializingAt"] = iso(b.start + dt.timedelta(milliseconds=200))
    else:
        payload["stoppedAt"] = iso(when)
    payload["buildTriggerMetadata"] = {
        "buildTriggerSource": "push_event", "branch": b.branch, "commitHash": b.commit, "commitMessage": b.msg if b.commit else None,
        "author": "dev@acme.com", "buildCommand": b.build_cmd, "deployCommand": b.deploy_cmd, "rootDirectory": "/",
        "repoName": b.worker, "providerAccountName": "acme", "providerType": "github"}
    return {"type": f"cf.workersBuilds.worker.build.{kind}", "source": {"type": "workersBuilds.worker", "workerName": b.worker},
            "payload": payload,
            "metadata": {"accountId": ACCOUNT, "eventSubscriptionId": SUBSCRIPTION, "eventSchemaVersion": 1, "eventTimestamp": iso(when)}}


WORKERS = {}
MSGS = ["Update landing page", "Bump dependencies", "Fix price formatting", "Add sitemap", "Refactor routes", "Add error page",
        "Tweak caching headers", "Merge pull request #42 from acme/checkout", "Add OG image renderer", "Docs: typo fixes"]


def main():
    only = sys.argv[1:]
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    shutil.rmtree(f"{CAP}/work", ignore_errors=True); shutil.rmtree(f"{CAP}/remotes", ignore_errors=True)
    os.makedirs(f"{CAP}/pypi-empty/simple", exist_ok=True)
    builds = []
    for i, fn in enumerate(SCEN):
        if only and fn.__name__ not in only:
            continue
        b = Build(fn.__name__, "shop-site", start_time(i), MSGS[i % len(MSGS)])
        builds.append((fn, b))

    def go(fb):
        fn, b = fb
        try:
            fn(b)
        except Exception as e:
            return b, e
        return b, None

    with ThreadPoolExecutor(6) as ex:
        results = list(ex.map(go, builds))
    ok = []
    for b, e in results:
        if e:
            print("FAILED SCENARIO", b.key, e, file=sys.stderr)
            continue
        # worker name: take from wrangler.toml name used by make_repo, else default
        ok.append(b)
    # events
    events = []
    skip_events = {"f_npm_eresolve", "f_clone_dns", "s_warnings", "f_tool_download_dns", "f_pip_nonexistent"}
    with_start = {"s_basic", "f_tsc_ts2322", "f_canceled", "f_timeout", "f_wrangler_no_token", "f_truncated_failure", "s_jest"}
    for b in ok:
        b.write()
        if b.key in skip_events:
            continue
        end = b.end_time() + dt.timedelta(milliseconds=random.randint(100, 1500))
        if b.key in with_start or getattr(b, "truncated_event", None) == "started-only":
            events.append((b.start + dt.timedelta(milliseconds=150), event(b, "started", b.start + dt.timedelta(milliseconds=150))))
        if getattr(b, "truncated_event", None) == "started-only":
            continue
        kind = {"success": "succeeded", "failure": "failed", "canceled": "canceled"}[b.label["outcome"]]
        events.append((end, event(b, kind, end)))
    events.sort(key=lambda x: x[0])
    with open(os.path.join(OUT, "builds.events.jsonl"), "w") as f:
        for _, e in events:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    with open(LABELS, "w") as f:
        for b in sorted(ok, key=lambda b: b.start):
            row = {"buildId": b.id, "file": b.file, "scenario": b.key, "workerName": b.worker, **b.label}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(ok)} builds, {len(events)} events")


if __name__ == "__main__":
    main()

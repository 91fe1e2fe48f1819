#!/usr/bin/env python3
"""Faultline dialect logs: one failing job per CI system, each in the log format that system documents,
around output captured from real tools run here (python3 unittest, gcc, GNU make, node, git).

Only the CI system's own lines are written by hand: GitHub Actions' timestamps and ##[group]/##[error]
lines, GitLab Runner's section markers, "$ cmd" echoes and "ERROR: Job failed", Jenkins' [Pipeline] lines
and "ERROR: script returned exit code", Travis' "$ cmd" echoes and "The command ... exited with".
Writes testdata/dialects/<system>.log and testdata/dialect-labels.jsonl (the cause range of each log)."""
import datetime as dt, json, os, subprocess, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dialects")
WORK = tempfile.mkdtemp(prefix="faultline-dialects-")


def run(cmd, cwd=WORK):
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8"})
    text = p.stdout.decode("utf-8", "replace").replace(WORK, "/home/runner/work/shop/shop")
    return [l for l in text.rstrip("\n").split("\n")], p.returncode


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# --- real tool output -------------------------------------------------------------------------
write(f"{WORK}/test_cart.py", """import unittest

def total(items):
    return sum(price for _, price in items)

class CartTest(unittest.TestCase):
    def test_empty(self):
        self.assertEqual(total([]), 0)

    def test_total(self):
        self.assertEqual(total([("a", 2), ("b", 3)]), 6)

if __name__ == "__main__":
    unittest.main()
""")
unittest_out, unittest_rc = run("python3 -m unittest -v test_cart 2>&1")
write(f"{WORK}/util.c", "int twice(int x) { return 2 * x }\n")
write(f"{WORK}/Makefile", "all: util.o\n\nutil.o: util.c\n\tcc -Wall -c util.c -o util.o\n")
make_out, make_rc = run("make 2>&1")
write(f"{WORK}/index.js", "const slugify = require('slugify');\nconsole.log(slugify('Hello World'));\n")
node_out, node_rc = run("node index.js 2>&1")
git_out, git_rc = run(f"git clone --depth=1 file://{WORK}/missing-repo.git checkout 2>&1")
pip_ok, _ = run("python3 --version")
assert unittest_rc != 0 and make_rc != 0 and node_rc != 0 and git_rc != 0


def find(lines, needle):
    return next(i for i, l in enumerate(lines) if needle in l)


labels = []


def label(system, log, first, last, note):
    """Cause range by its first and last line's text (1-based numbers in the written log)."""
    lines = log.split("\n")
    start = next(i for i, l in enumerate(lines) if first in l) + 1
    end = next(i for i, l in enumerate(lines) if i + 1 >= start and last in l) + 1
    labels.append({"build": system, "startLine": start, "endLine": end, "note": note})


# --- GitHub Actions: raw log of a job, UTC timestamp and a space before every line ------------------
t0 = dt.datetime(2024, 5, 1, 10, 0, 0)


def gha(lines):
    out = []
    for i, l in enumerate(lines):
        stamp = (t0 + dt.timedelta(milliseconds=350 * i)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
        out.append(f"{stamp} {l}")
    return "\n".join(out) + "\n"


gha_log = gha(["Current runner version: '2.317.0'", "##[group]Operating System", "Ubuntu", "22.04.4", "LTS",
               "##[endgroup]", "##[group]Run actions/checkout@v4", "with:", "  repository: acme/shop",
               "##[endgroup]", "Syncing repository: acme/shop", "##[group]Run python3 --version",
               "\u001b[36;1mpython3 --version\u001b[0m", "shell: /usr/bin/bash -e {0}", "##[endgroup]"] + pip_ok
              + ["##[group]Run python3 -m unittest -v test_cart", "\u001b[36;1mpython3 -m unittest -v test_cart\u001b[0m",
                 "shell: /usr/bin/bash -e {0}", "##[endgroup]"] + unittest_out
              + ["##[error]Process completed with exit code 1.", "Post job cleanup.",
                 "[command]/usr/bin/git version", "git version 2.45.1",
                 "Cleaning up orphan processes"])
write(f"{OUT}/github-actions.log", gha_log)
label("github-actions", gha_log, "test_total (test_cart.CartTest.test_total) ... FAIL", "AssertionError: 5 != 6",
      "python3 unittest: a failing assertion; post-job cleanup after the failed step")

# --- GitLab CI: job log with section markers and "$ cmd" echoes --------------------------------------
def section(name, title):
    return [f"section_start:1714557600:{name}\r\u001b[0K\u001b[0K\u001b[36;1m{title}\u001b[0;m"]


gitlab_log = "\n".join(
    ["\u001b[0KRunning with gitlab-runner 17.0.0 (44feccdf)\u001b[0;m", "\u001b[0K  on shared-runner-1 xb3Ks2a1, system ID: s_1d2\u001b[0;m"]
    + section("prepare_executor", "Preparing the \"docker\" executor")
    + ["\u001b[0KUsing Docker executor with image gcc:13 ...\u001b[0;m"]
    + section("get_sources", "Getting source from Git repository")
    + ["\u001b[32;1mFetching changes with git depth set to 20...\u001b[0;m", "Initialized empty Git repository in /builds/acme/shop/.git/"]
    + section("step_script", "Executing \"step_script\" stage of the job script")
    + ["\u001b[32;1m$ cc --version | head -1\u001b[0;m", "cc (Debian 12.2.0-14) 12.2.0", "\u001b[32;1m$ make\u001b[0;m"] + make_out
    + [f"section_end:1714557660:step_script\r\u001b[0K", "\u001b[31;1mERROR: Job failed: exit code 1\n\u001b[0;m"]) + "\n"
write(f"{OUT}/gitlab.log", gitlab_log)
label("gitlab", gitlab_log, "error: expected", "error: expected", "gcc syntax error under make")

# --- Jenkins: Pipeline console output -------------------------------------------------------------------
jenkins_log = "\n".join(
    ["Started by user admin", "[Pipeline] Start of Pipeline", "[Pipeline] node", "Running on agent-1 in /var/jenkins/workspace/shop",
     "[Pipeline] {", "[Pipeline] stage", "[Pipeline] { (Checkout)", "[Pipeline] sh", "+ git --version", "git version 2.39.5",
     "[Pipeline] }", "[Pipeline] // stage", "[Pipeline] stage", "[Pipeline] { (Build)", "[Pipeline] sh", "+ node index.js"]
    + node_out
    + ["[Pipeline] }", "[Pipeline] // stage", "[Pipeline] }", "[Pipeline] // node", "[Pipeline] End of Pipeline",
       "ERROR: script returned exit code 1", "Finished: FAILURE"]) + "\n"
write(f"{OUT}/jenkins.log", jenkins_log)
label("jenkins", jenkins_log, "Error: Cannot find module 'slugify'", "Error: Cannot find module 'slugify'",
      "node: a module that is not installed")

# --- Travis CI: "$ cmd" echoes and the result line of each command --------------------------------------
travis_log = "\n".join(
    ["travis_fold:start:worker_info\r\u001b[0K\u001b[33;1mWorker information\u001b[0m", "hostname: worker-1",
     "travis_fold:end:worker_info\r\u001b[0K",
     "travis_time:start:0a1b2c3d\r\u001b[0K$ git clone --depth=50 --branch=main https://github.com/acme/shop.git acme/shop"]
    + git_out
    + ["travis_time:end:0a1b2c3d:start=1,finish=2,duration=1\r\u001b[0K",
       "\u001b[31;1mThe command \"git clone --depth=50 --branch=main https://github.com/acme/shop.git acme/shop\" failed and exited with 128 during .\u001b[0m",
       "", "Your build has been stopped."]) + "\n"
write(f"{OUT}/travis.log", travis_log)
label("travis", travis_log, "fatal:", "fatal:", "git clone of a repository that does not exist")

with open(os.path.join(OUT, "..", "dialect-labels.jsonl"), "w") as f:
    for l in labels:
        f.write(json.dumps(l) + "\n")
print("wrote", OUT)

#!/usr/bin/env python3
"""Faultline tool logs: failed Travis-style jobs around output captured from real tools run here
(python3, node, npm and mocha from the npm registry, Maven with JUnit 5), one tool failure per log.
They exercise the catalog's multi-line signatures (Python tracebacks, Node's heap exhaustion, npm's
error code and reason, mocha's first failure, Surefire's failure cause) for tests that need real logs
without any data set beside the repository.

Only Travis' own lines are written by hand: the "$ cmd" echo, "The command ... exited with N." and
"Done. Your build exited with 1.". Writes testdata/tool-logs/<name>.log."""
import os, shutil, subprocess, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tool-logs")
WORK = tempfile.mkdtemp(prefix="faultline-tools-")
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORK, "LANG": "C.UTF-8", "CI": "true", "NO_COLOR": "1",
       "npm_config_update_notifier": "false", "npm_config_fund": "false", "npm_config_audit": "false"}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def run(cmd, cwd):
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)
    text = p.stdout.decode("utf-8", "replace").replace(WORK, "/home/travis/build/acme/shop")
    return text.rstrip("\n").split("\n"), p.returncode


def job(name, steps):
    """steps: (command, cwd) pairs run in order, as a Travis script phase; every one runs."""
    lines = ["travis_fold:start:worker_info", "Worker information", "travis_fold:end:worker_info"]
    failed = False
    for cmd, cwd, shown in steps:
        out, rc = run(cmd, cwd)
        lines.append("$ " + shown)
        lines += out
        lines.append(f'The command "{shown}" exited with {rc}.')
        lines.append("")
        failed |= rc != 0
    assert failed, name
    lines.append("Done. Your build exited with 1.")
    write(f"{OUT}/{name}.log", "\n".join(lines) + "\n")


# Python: a traceback through two frames, and a failing unittest assertion.
py = f"{WORK}/py"
write(f"{py}/settings.py", "import os\n\ndef load():\n    return os.environ['SHOP_DATABASE_URL']\n\nload()\n")
write(f"{py}/test_prices.py", "import unittest\n\nclass PriceTest(unittest.TestCase):\n"
      "    def test_rounding(self):\n        self.assertEqual(round(2.675, 2), 2.68)\n\n"
      "if __name__ == '__main__':\n    unittest.main()\n")
job("python-traceback", [("python3 --version", py, "python3 --version"), ("python3 settings.py", py, "python3 settings.py")])
job("python-unittest", [("python3 -m unittest test_prices", py, "python3 -m unittest test_prices")])

# Node: the heap runs out.
node = f"{WORK}/node"
write(f"{node}/build.js", "const chunks = [];\nwhile (true) { chunks.push(new Array(1e5).fill('x')); }\n")
job("node-heap", [("node --version", node, "node --version"),
                  ("node --max-old-space-size=16 build.js", node, "node --max-old-space-size=16 build.js")])

# npm: a package that does not exist; mocha: a failing test.
npm = f"{WORK}/npm"
write(f"{npm}/package.json", '{"name": "shop", "version": "1.0.0", "scripts": {"test": "mocha"}}\n')
job("npm-e404", [("npm install faultline-no-such-package-4f2a", npm, "npm install faultline-no-such-package-4f2a")])
run("npm install mocha@10", npm)
write(f"{npm}/test/cart.test.js", "const assert = require('assert');\n"
      "describe('cart', function () {\n  it('sums prices', function () {\n"
      "    assert.strictEqual([1, 2].reduce((a, b) => a + b, 0), 4);\n  });\n"
      "  it('is empty at first', function () {\n    assert.deepStrictEqual([], []);\n  });\n});\n")
job("mocha-failing", [("npm test", npm, "npm test")])

# Maven: a failing JUnit 5 test.
mvn = f"{WORK}/mvn"
write(f"{mvn}/pom.xml", """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>acme</groupId><artifactId>shop</artifactId><version>1.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.4</version><scope>test</scope></dependency></dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
  </plugins></build>
</project>
""")
write(f"{mvn}/src/test/java/shop/CartTest.java", "package shop;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\n"
      "import org.junit.jupiter.api.Test;\n\nclass CartTest {\n    @Test\n    void totalIncludesTax() {\n"
      "        assertEquals(119, 100 + 18, \"total with tax\");\n    }\n}\n")
ENV["MAVEN_OPTS"] = "-Dmaven.repo.local=" + os.path.expanduser("~/.m2/repository")
job("maven-surefire", [("mvn -B -ntp -Dstyle.color=never test", mvn, "mvn -B test")])
shutil.rmtree(WORK, ignore_errors=True)
print("wrote", OUT)

package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretScrubberTest {
    private static String scrub(String s) {
        return SecretScrubber.scrub(s);
    }

    @Test
    void authorizationHeadersLoseTheirValue() {
        assertThat(scrub("> Authorization: Bearer abcdef123456"))
                .isEqualTo("> Authorization: [REDACTED]");
        assertThat(scrub("curl -H 'authorization: token ghp_x'")).doesNotContain("ghp_x");
        assertThat(scrub("Cookie: session=abc123def")).isEqualTo("Cookie: [REDACTED]");
    }

    @Test
    void bearerTokensAnywhere() {
        assertThat(scrub("sending Bearer eyJhbGciOiJIUzI1NiJ9.x.y to api"))
                .isEqualTo("sending Bearer [REDACTED] to api");
    }

    @Test
    void urlsKeepHostButLoseCredentials() {
        assertThat(
                        scrub(
                                "fatal: unable to access 'https://x-access-token:ghs_abc@github.com/o/r.git/'"))
                .isEqualTo("fatal: unable to access 'https://[REDACTED]@github.com/o/r.git/'");
        assertThat(scrub("git clone https://oauth2:glpat-123@gitlab.com/a/b"))
                .isEqualTo("git clone https://[REDACTED]@gitlab.com/a/b");
        assertThat(scrub("see https://github.com/o/r.git"))
                .isEqualTo("see https://github.com/o/r.git");
    }

    @Test
    void awsKeys() {
        assertThat(scrub("key AKIAIOSFODNN7EXAMPLE used")).isEqualTo("key [REDACTED] used");
        assertThat(scrub("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("AWS_SECRET_ACCESS_KEY=[REDACTED]");
    }

    @Test
    void namedSecrets() {
        assertThat(scrub("CLOUDFLARE_API_TOKEN=abcdefgh12345"))
                .isEqualTo("CLOUDFLARE_API_TOKEN=[REDACTED]");
        assertThat(scrub("{\"password\": \"hunter2hunter2\"}")).doesNotContain("hunter2");
        assertThat(scrub("wrangler deploy --api-token abcdef123456 --x"))
                .isEqualTo("wrangler deploy --api-token [REDACTED] --x");
        assertThat(scrub("npm config set //registry.npmjs.org/:_authToken npm_abcdefghijk"))
                .doesNotContain("npm_abcdefghijk");
    }

    @Test
    void longKeysOfLettersAndDigits() {
        String key = "sk_live_51H8x9aKZvKYlo2C0aBcDeFgHiJkLmNoPq";
        assertThat(scrub("using " + key)).isEqualTo("using [REDACTED]");
        assertThat(scrub("commit 0123456789abcdef0123456789abcdef01234567"))
                .isEqualTo("commit [REDACTED]");
    }

    @Test
    void ordinaryErrorLinesAreUntouched() {
        for (String line :
                new String[] {
                    "npm ERR! code ERESOLVE",
                    "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com",
                    "src/index.ts(3,21): error TS2307: Cannot find module '@hono/cors' or its corresponding type declarations.",
                    "✘ [ERROR] Could not resolve \"./lib/render\"",
                    "Error: Cannot find module '/opt/buildhome/repo/node_modules/markdown-it/dist/index.cjs.js'",
                    "Failed: error occurred while running build command",
                    "wrangler: CLOUDFLARE_API_TOKEN is not set",
                    "In a non-interactive environment, set a CLOUDFLARE_API_TOKEN environment variable for wrangler",
                }) {
            assertThat(scrub(line)).as(line).isEqualTo(line);
        }
    }

    @Test
    void credentialsInRealisticCiLines() {
        // an AWS secret key whose base64 happens to hold 3+ slashes, outside any NAME=value
        assertThat(
                        scrub(
                                "aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG+bPxRfiCY/EXAMPLE/KEY"))
                .doesNotContain("bPxRfiCY");
        assertThat(
                        scrub(
                                "Using AWS credentials AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCY/EXAMPLE/KEY"))
                .isEqualTo("Using AWS credentials [REDACTED] / [REDACTED]");
        assertThat(scrub("curl -u admin:S3cretPassw0rd https://registry.example.com/v2/"))
                .isEqualTo("curl -u admin:[REDACTED] https://registry.example.com/v2/");
        assertThat(scrub("curl --user \"deploy:S3cretPassw0rd\" https://x"))
                .isEqualTo("curl --user \"deploy:[REDACTED]\" https://x");
        assertThat(scrub("docker login -u ci -p S3cretPassw0rd registry.example.com"))
                .isEqualTo("docker login -u ci -p [REDACTED] registry.example.com");
        assertThat(scrub("redis://:p4ssw0rd@cache:6379"))
                .isEqualTo("redis://[REDACTED]@cache:6379");
        assertThat(scrub("https://deploy:p@ss@host/x")).isEqualTo("https://[REDACTED]@host/x");
        assertThat(
                        scrub(
                                "POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX failed"))
                .isEqualTo("POST https://hooks.slack.com/services/[REDACTED] failed");
        assertThat(
                        scrub(
                                "GET https://acct.blob.core.windows.net/c/f?sv=2021-08-06&sig=AbCdEfGhIjKl%2B0123%3D 403"))
                .isEqualTo(
                        "GET https://acct.blob.core.windows.net/c/f?sv=2021-08-06&sig=[REDACTED] 403");
        // a key inside a path: that segment goes, the path stays readable
        assertThat(
                        scrub(
                                "✘ [ERROR] A request to the Cloudflare API (/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/scripts/web) failed."))
                .isEqualTo(
                        "✘ [ERROR] A request to the Cloudflare API (/accounts/[REDACTED]/workers/scripts/web) failed.");
    }

    @Test
    void ordinaryLinesThatLookALittleLikeSecrets() {
        for (String line :
                new String[] {
                    "    at Parser.parseToken (/opt/buildhome/repo/node_modules/acorn/dist/tokenizer.js:1234:17)",
                    "src/lib/token.ts:123:45 - error TS2322: Type 'string' is not assignable to type 'number'.",
                    "FAIL tests/e2e/checkout-flow-with-3ds-payment.spec.ts",
                    " FAIL  src/components/very-long-component-name-v2-final.test.tsx > renders",
                    "Error: Missing secret: STRIPE_SECRET_KEY",
                    "podman login --username ci --password-stdin quay.io",
                    "docker run -u 1000:1000 node:20 npm ci",
                    "git push -u origin main",
                }) {
            assertThat(scrub(line)).as(line).isEqualTo(line);
        }
    }

    @Test
    void aLongLineIsScrubbedInLinearTime() {
        // one 200 KB line of repeated words (minified output, a progress bar): no pattern may
        // backtrack quadratically. CPU time of this thread: on a machine shared with other builds
        // the wall clock also counts their work.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String seed :
                new String[] {"login ", "ab:cd@", "https://u:p", " -u a:", "secret: ", "aB3/"}) {
            String line = seed.repeat(200_000 / seed.length());
            long start = threads.getCurrentThreadCpuTime();
            scrub(line);
            assertThat((threads.getCurrentThreadCpuTime() - start) / 1e9).as(seed).isLessThan(3);
        }
    }

    /**
     * The inputs that made the backtracking patterns quadratic or cubic (a run of {@code token}: 15
     * s at 2,000 characters, over 20 s at 8 KB; a run of {@code x.}: 14 s at 8 KB), each as an 8 KB
     * and a 64 KB line. CPU time of this thread, best of three, so that other processes on a busy
     * machine do not count; a linear scrub takes a few tens of milliseconds at 64 KB.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "token",
                "--token",
                "a",
                "x.",
                "a=",
                "aB3/+",
                "-u ==",
                " -p ==",
                "login -p =",
                "a://a:",
                "a@",
                "Bearer ",
                "TOKEN: A_B ",
                "secret: ",
                "?sig=",
                "cookie ",
                "api_key-",
                "\"password\": \"",
                "https://u:p@"
            })
    void worstCaseRunsAreScrubbedInLinearTime(String seed) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int length : new int[] {8 * 1024, 64 * 1024}) {
            String line = seed.repeat(length / seed.length() + 1).substring(0, length);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long start = threads.getCurrentThreadCpuTime();
                scrub(line);
                best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
            }
            assertThat(best / 1_000_000).as(seed + " × " + length).isLessThan(200);
        }
    }

    @Test
    void namesWithTheirKeywordAnywhere() {
        assertThat(scrub("MY_API_TOKEN_V2=abcdef123456 next"))
                .isEqualTo("MY_API_TOKEN_V2=[REDACTED] next");
        assertThat(scrub("db.password = 'hunter2hunter2';")).isEqualTo("db.password = [REDACTED];");
        assertThat(scrub("{\"client_secret\":\"abcdef123456\",\"x\":1}"))
                .isEqualTo("{\"client_secret\":[REDACTED],\"x\":1}");
        assertThat(scrub("PRIVATE-KEY: abcdefghijkl")).isEqualTo("PRIVATE-KEY: [REDACTED]");
        // two in a row: the second name starts right after the first value's closing quote
        assertThat(scrub("token=\"abcdefgh\"password=ijklmnop"))
                .isEqualTo("token=[REDACTED]password=[REDACTED]");
        // already redacted, too short, a file position, a secret's name: left alone
        for (String line :
                new String[] {
                    "TOKEN=[REDACTED]", "token=abc", "lexer/token.go:88:3", "secret: API_TOKEN_NAME"
                }) {
            assertThat(scrub(line)).as(line).isEqualTo(line);
        }
    }

    @Test
    void flagsNamingASecret() {
        assertThat(scrub("deploy --client-secret s3cr3tValue --region eu"))
                .isEqualTo("deploy --client-secret [REDACTED] --region eu");
        assertThat(scrub("x --db-password\thunter2hunter2"))
                .isEqualTo("x --db-password\t[REDACTED]");
        assertThat(scrub("podman login --password-stdin quay.io"))
                .isEqualTo("podman login --password-stdin quay.io");
        assertThat(scrub("gh auth --with-token --hostname x"))
                .isEqualTo("gh auth --with-token --hostname x");
    }

    @Test
    void separatorsThatLookLikeTheValue() {
        // what the backtracking patterns did with a password or user starting with '='
        assertThat(scrub("docker login -u ci -p =-secret1 registry"))
                .isEqualTo("docker login -u ci -p [REDACTED] registry");
        assertThat(scrub("curl -u ==:S3cretPassw0rd https://x"))
                .isEqualTo("curl -u ==:[REDACTED] https://x");
        assertThat(scrub("redis://:p@ss@word@cache:6379/0"))
                .isEqualTo("redis://[REDACTED]@cache:6379/0");
        assertThat(scrub("see redis://:@cache:6379")).isEqualTo("see redis://:@cache:6379");
    }

    @Test
    void nullAndEmpty() {
        assertThat(scrub(null)).isNull();
        assertThat(scrub("")).isEmpty();
    }

    @Test
    void aSecretAcrossTheClippedEndOfAnAlertExampleIsStillRedacted() {
        String key = "AbCdEf0123456789GhIjKl0123456789MnOpQr";
        String line =
                "x".repeat(280) + " token " + key + " and more text after it " + "y".repeat(500);
        dev.faultline.schemas.BuildVerdict v = new dev.faultline.schemas.BuildVerdict();
        v.buildId = "b";
        v.summary = "clone failed";
        v.evidence =
                new dev.faultline.schemas.Evidence[] {new dev.faultline.schemas.Evidence(7, line)};
        dev.faultline.schemas.AlertExample kept = AlertRecords.example(v, 0L);
        dev.faultline.schemas.AlertExample shown =
                AlertRecords.scrubbed(new dev.faultline.schemas.AlertExample[] {kept})[0];
        assertThat(shown.evidence[0].text).doesNotContain(key.substring(0, 8)).endsWith("…");
    }
}

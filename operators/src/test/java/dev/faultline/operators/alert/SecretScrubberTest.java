package dev.faultline.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
        // backtrack quadratically
        for (String seed :
                new String[] {"login ", "ab:cd@", "https://u:p", " -u a:", "secret: ", "aB3/"}) {
            String line = seed.repeat(200_000 / seed.length());
            long start = System.nanoTime();
            scrub(line);
            assertThat((System.nanoTime() - start) / 1e9).as(seed).isLessThan(3);
        }
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

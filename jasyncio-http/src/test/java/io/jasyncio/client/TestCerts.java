package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway test CA and two server certificates it signed (EC P-256, PKCS#8 keys), made at test
 * time with Debian's {@code openssl} CLI: one for {@code IP:127.0.0.1}, one for
 * {@code DNS:example.com} only (a hostname mismatch at 127.0.0.1). A missing {@code openssl} skips
 * outside CI and fails under {@code CI=true}.
 */
public final class TestCerts {
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path wrongNameCert;
    public final Path wrongNameKey;
    private final Path dir;

    private TestCerts(Path dir) throws IOException {
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=jasyncio client test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        caCert = dir.resolve("ca.pem");
        serverCert = leaf("server", "IP:127.0.0.1");
        serverKey = dir.resolve("server.key");
        wrongNameCert = leaf("wrongname", "DNS:example.com");
        wrongNameKey = dir.resolve("wrongname.key");
    }

    public static TestCerts make() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("openssl is missing: apt-get install openssl (.ci/setup.d/35-tls.sh)");
        }
        assumeTrue(ok, "openssl is missing: install it with apt-get install openssl");
        try {
            return new TestCerts(Files.createTempDirectory("jasyncio-client-pki"));
        } catch (IOException e) {
            throw new IllegalStateException("could not make test certificates: " + e.getMessage(), e);
        }
    }

    private Path leaf(String name, String sans) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + sans + "\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
        return dir.resolve(name + ".pem");
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Removes the files. */
    public void delete() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}

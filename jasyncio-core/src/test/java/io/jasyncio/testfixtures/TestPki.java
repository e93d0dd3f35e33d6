package io.jasyncio.testfixtures;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.tls.TlsContexts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Throwaway certificates for the TLS tests, made once per JVM with Debian's {@code openssl} CLI
 * (EC P-256, PKCS#8 keys): a test CA, certificates it signed (a server's for localhost and
 * 127.0.0.1, a client's, an expired one, one for another name) and a second CA nobody signed with.
 * A missing {@code openssl} skips the test outside CI and fails it under {@code CI=true}. The files
 * are deleted when the JVM exits.
 *
 * <p>jasyncio-http's TLS tests use it too: the core's test-jar carries this package alone (see the
 * {@code test-fixtures} execution in jasyncio-core's pom). It stays out of the test kit because the
 * core's own tests cannot depend on the kit (the kit depends on the core). Its package is its own:
 * jasyncio-http's tests compile inside the {@code io.jasyncio.http} module, which cannot see a
 * class in a package the {@code io.jasyncio} module already has.
 */
public final class TestPki {
    private static TestPki instance;

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    public final Path expiredCert;
    public final Path wrongNameCert;
    public final Path wrongNameKey;
    public final Path otherCaCert;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        caCert = dir.resolve("ca.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=jasyncio test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        otherCaCert = dir.resolve("other-ca.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=another CA",
                "-addext", "basicConstraints=critical,CA:TRUE");
        serverCert = leaf("server", "DNS:localhost,IP:127.0.0.1", "2");
        serverKey = dir.resolve("server.key");
        clientCert = leaf("client", "DNS:client.test", "2");
        clientKey = dir.resolve("client.key");
        expiredCert = leaf("expired", "DNS:localhost,IP:127.0.0.1", "-1"); // notAfter yesterday
        wrongNameCert = leaf("wrongname", "DNS:example.com", "2");
        wrongNameKey = dir.resolve("wrongname.key");
    }

    /** The certificates, made on first use. */
    public static synchronized TestPki get() {
        requireTool("openssl", "version");
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("jasyncio-pki");
                // deleteOnExit() would leave a non-empty directory behind: remove the files first
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "TestPki cleanup"));
                instance = new TestPki(dir);
            } catch (IOException e) {
                throw new IllegalStateException("could not make test certificates: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("TestPki: could not delete " + dir + ": " + e);
        }
    }

    private Path leaf(String name, String sans, String days) throws IOException {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=" + sans + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", days, "-extfile", name + ".ext");
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
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** The server's context: its certificate and key; trusts the test CA (for client certificates). */
    public SSLContext serverContext() {
        return context(caCert, serverCert, serverKey);
    }

    /** A client context trusting the test CA only. */
    public SSLContext clientContext() {
        return context(caCert, null, null);
    }

    /** A context made by {@link TlsContexts#create}, unchecked. */
    public SSLContext context(Path trusted, Path cert, Path key) {
        try {
            return TlsContexts.create(trusted, cert, cert == null ? null : key == null ? keyOf(cert) : key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key file beside a leaf certificate of this PKI. */
    public Path keyOf(Path cert) {
        return cert.resolveSibling(cert.getFileName().toString().replace(".pem", ".key"));
    }

    /**
     * Skips the test when {@code tool} does not run (fails it under {@code CI=true}), naming the
     * Debian package to install.
     */
    public static void requireTool(String tool, String... probe) {
        boolean ok;
        try {
            List<String> cmd = new ArrayList<>(List.of(tool));
            cmd.addAll(Arrays.asList(probe));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        String msg = tool + " is needed for this test: apt-get install " + (tool.contains("python") ? "python3" : tool)
                + " (or run .ci/setup.d/35-tls.sh)";
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg);
        }
        assumeTrue(ok, msg);
    }
}

package io.jasyncio.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid two days),
 * made with the JDK's own {@code keytool} so the example needs nothing but the JDK: the server's
 * key store and the certificate (PEM) a client should trust.
 */
final class SelfSignedCertificate {
    private static final String PASSWORD = "changeit";

    final Path dir;
    final Path keyStore;
    /** The PEM certificate a client trusts (self-signed: it is its own CA). */
    final Path caCert;

    private SelfSignedCertificate(Path dir) {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.caCert = dir.resolve("ca.pem");
    }

    /** Makes the key pair and certificate in a new temporary directory. */
    static SelfSignedCertificate create() throws IOException, InterruptedException {
        SelfSignedCertificate c = new SelfSignedCertificate(Files.createTempDirectory("tls-echo"));
        c.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", c.keyStore.toString(), "-storepass", PASSWORD);
        c.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", c.keyStore.toString(),
                "-storepass", PASSWORD, "-file", c.caCert.toString());
        return c;
    }

    /** The server's context: the key and certificate made above. */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** Removes the files (the example's last step). */
    void delete() throws IOException {
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(caCert);
        Files.deleteIfExists(dir);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}

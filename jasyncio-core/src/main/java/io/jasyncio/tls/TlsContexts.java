package io.jasyncio.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a JDK {@link SSLContext} from PEM files, as Python's
 * {@code ssl.create_default_context(cafile=...)} and {@code context.load_cert_chain(certfile,
 * keyfile)} do: the JDK itself reads keys only from key stores.
 *
 * <p>Thread-safe (no state). Keys must be unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----},
 * what {@code openssl genpkey} and {@code openssl req -newkey -nodes} write), EC, RSA or EdDSA.
 */
public final class TlsContexts {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {}

    /**
     * A TLS context (TLSv1.3 and 1.2) that trusts the certificates in {@code trustedCas} (null: the
     * JDK's default trust store) and, if {@code certChain} is given, presents that chain with the
     * private key in {@code key} (a server's, or a client's for client authentication).
     *
     * @throws IOException if a file cannot be read or holds no certificate or no PKCS#8 key
     * @throws GeneralSecurityException if a certificate or key is malformed
     * @throws IllegalArgumentException if {@code certChain} and {@code key} are not both given or both null
     */
    public static SSLContext create(Path trustedCas, Path certChain, Path key) throws IOException,
            GeneralSecurityException {
        if ((certChain == null) != (key == null)) {
            throw new IllegalArgumentException("certChain and key go together: got certChain=" + certChain + ", key=" + key);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustedCas == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(trustedCas)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            tmf.init(trust);
        }
        KeyManagerFactory kmf = null;
        if (certChain != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", privateKey(key), NO_PASSWORD,
                    certificates(certChain).toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A client context that trusts only the certificates in {@code trustedCas}. */
    public static SSLContext trusting(Path trustedCas) throws IOException, GeneralSecurityException {
        return create(trustedCas, null, null);
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new IOException("no certificate in " + pem);
        }
        return List.copyOf(certs);
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        Matcher m = PKCS8.matcher(Files.readString(pem));
        if (!m.find()) {
            throw new IOException("no unencrypted PKCS#8 private key (-----BEGIN PRIVATE KEY-----) in " + pem);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        GeneralSecurityException last = null;
        for (String alg : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key in " + pem, last);
    }
}

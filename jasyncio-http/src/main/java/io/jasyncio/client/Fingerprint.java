package io.jasyncio.client;

import io.jasyncio.tls.TlsOptions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Certificate pinning: aiohttp's {@code Fingerprint(digest)}. The server's certificate is accepted
 * if and only if the SHA-256 digest of its DER encoding equals this one; the CA chain and the host
 * name are not checked (as in aiohttp, where a fingerprint implies {@code CERT_NONE}). A mismatch
 * fails the connection with {@link ServerFingerprintMismatch}.
 *
 * <p>Use it with {@link SessionOptions#withSsl(Fingerprint)}.
 *
 * @param digest the 32-byte SHA-256 digest of the certificate (md5 and sha1 are refused, as aiohttp does)
 */
public record Fingerprint(byte[] digest) {
    public Fingerprint {
        Objects.requireNonNull(digest, "digest");
        if (digest.length == 16 || digest.length == 20) {
            throw new IllegalArgumentException("md5 and sha1 are insecure and not supported. Use sha256.");
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes, got " + digest.length);
        }
        digest = digest.clone();
    }

    /** The fingerprint written in hex, with or without colons ({@code openssl x509 -fingerprint -sha256} prints them). */
    public static Fingerprint ofHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(hex.replace(":", "").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex SHA-256 fingerprint: " + hex, e);
        }
        return new Fingerprint(digest);
    }

    /** The fingerprint of a certificate. */
    public static Fingerprint of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return new Fingerprint(sha256(certificate));
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Whether {@code certificate} is the pinned one. */
    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(digest, sha256(certificate));
    }

    /** TLS options that accept exactly the pinned certificate. */
    TlsOptions tlsOptions() {
        return new ServerCertificateCheck(this).tlsOptions();
    }

    static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot digest the certificate", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && MessageDigest.isEqual(digest, f.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Fingerprint[sha256=" + HexFormat.of().formatHex(digest) + "]";
    }
}

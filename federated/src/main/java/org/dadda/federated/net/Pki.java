package org.dadda.federated.net;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dadda.federated.run.Files2;

/**
 * A small certificate authority for one D-ADDA deployment ({@code dadda pki}): one CA, a
 * certificate per node (its common name is the node's id, which the server trusts instead of
 * anything a message says) and one per server (its host names and addresses as subject
 * alternative names). Keys are EC P-256, written as PKCS#8 PEM next to the certificates:
 * {@code DIR/ca.pem}, {@code DIR/ca.key}, {@code DIR/NAME.pem}, {@code DIR/NAME.key}. Keep
 * {@code ca.key} off the nodes; a node needs {@code ca.pem} and its own pair.
 */
public final class Pki {
    /** What a certificate is for. */
    public enum Role {
        /** A node: TLS client authentication. */
        NODE,
        /** The server: TLS server authentication. */
        SERVER
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {
    }

    /** The CA certificate file in {@code dir}. */
    public static Path caCert(Path dir) {
        return dir.resolve("ca.pem");
    }

    /** The certificate file of {@code name} in {@code dir}. */
    public static Path cert(Path dir, String name) {
        return dir.resolve(name + ".pem");
    }

    /** The private key file of {@code name} in {@code dir}. */
    public static Path key(Path dir, String name) {
        return dir.resolve(name + ".key");
    }

    /**
     * Makes a new CA in {@code dir} valid for {@code days} days.
     *
     * @throws IllegalArgumentException when {@code dir} already holds one (a CA is never overwritten)
     */
    public static void initCa(Path dir, String name, int days) {
        if (Files.exists(caCert(dir)) || Files.exists(key(dir, "ca"))) {
            throw new IllegalArgumentException(dir + " already holds a CA (ca.pem, ca.key); it is never overwritten");
        }
        KeyPair kp = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(days))), subject, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            writeKey(key(dir, "ca"), kp.getPrivate());
            writePem(caCert(dir), cert);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Issues a certificate for {@code name}, signed by the CA in {@code dir}, valid from
     * {@code notBefore} to {@code notAfter} (tests issue expired ones this way).
     *
     * @param hosts the server's host names and IP addresses (subject alternative names); ignored for a node
     */
    public static void issue(Path dir, String name, Role role, List<String> hosts, Instant notBefore, Instant notAfter) {
        checkName(name);
        if (name.equals("ca")) {
            throw new IllegalArgumentException("'ca' names the authority itself; choose another name");
        }
        try {
            X509Certificate ca = readCert(caCert(dir));
            PrivateKey caKey = readKey(key(dir, "ca"));
            KeyPair kp = newKeyPair();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore), Date.from(notAfter),
                    new javax.security.auth.x500.X500Principal("CN=" + name), kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(role == Role.NODE ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (role == Role.SERVER) {
                List<GeneralName> sans = new ArrayList<>();
                for (String h : hosts.isEmpty() ? List.of(name) : hosts) {
                    sans.add(isAddress(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            X509Certificate cert = sign(b, caKey);
            writeKey(key(dir, name), kp.getPrivate());
            writePem(cert(dir, name), cert);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Issues a certificate valid from now for {@code days} days. */
    public static void issue(Path dir, String name, Role role, List<String> hosts, int days) {
        Instant now = Instant.now();
        issue(dir, name, role, hosts, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(days)));
    }

    /** Node ids and server names: letters, digits, '.', '_' and '-' (they become file names and common names). */
    public static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("certificate name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    private static boolean isAddress(String h) {
        return h.matches("[0-9.]+") || h.contains(":");
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 keys are not available in this JDK", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(96, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        X509CertificateHolder h = b.build(signer);
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    private static void writePem(Path file, Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        Files2.writeString(file, sw.toString());
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        writePem(file, new JcaPKCS8Generator(key, null));
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the key keeps the folder's permissions.
        }
    }

    /** The certificate in a PEM file. */
    public static X509Certificate readCert(Path file) {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificate " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return c.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException(file + " holds no PEM private key");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The common name of a certificate's subject (a node's id). */
    public static String commonName(X509Certificate cert) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new IllegalArgumentException("certificate subject " + cert.getSubjectX500Principal() + " is malformed", e);
        }
        throw new IllegalArgumentException("certificate subject " + cert.getSubjectX500Principal() + " has no common name");
    }
}

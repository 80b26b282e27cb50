package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pki holds the paths of the files that one test cluster's servers and clients authenticate with.
// Everything is generated fresh for every start and lives in the run's state directory.
type pki struct {
	dir                string
	caCert             string
	servingCert        string // kube-apiserver and etcd, for 127.0.0.1 and the in-cluster names
	servingKey         string
	etcdClientCert     string // kube-apiserver → etcd
	etcdClientKey      string
	serviceAccountKey  string // signs service-account tokens
	serviceAccountPub  string // verifies them
	adminToken         string // the static bearer token the kubeconfig carries
	controllerMgrToken string
	tokenFile          string
}

type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newPKI(dir string) (*pki, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pki{
		dir:               dir,
		caCert:            filepath.Join(dir, "ca.crt"),
		servingCert:       filepath.Join(dir, "serving.crt"),
		servingKey:        filepath.Join(dir, "serving.key"),
		etcdClientCert:    filepath.Join(dir, "etcd-client.crt"),
		etcdClientKey:     filepath.Join(dir, "etcd-client.key"),
		serviceAccountKey: filepath.Join(dir, "service-account.key"),
		serviceAccountPub: filepath.Join(dir, "service-account.pub"),
		tokenFile:         filepath.Join(dir, "tokens.csv"),
	}
	ca, err := newCertificate(nil, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "starling-test-ca"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	})
	if err != nil {
		return nil, err
	}
	serving, err := newCertificate(ca, &x509.Certificate{
		Subject: pkix.Name{CommonName: "kube-apiserver"},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP(serviceIP)},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		// etcd also presents it to itself as a peer, hence client auth.
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}
	etcdClient, err := newCertificate(ca, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver-etcd-client"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}
	serviceAccount, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		certPath, keyPath string
		pair              *keyPair
	}{{p.servingCert, p.servingKey, serving}, {p.etcdClientCert, p.etcdClientKey, etcdClient}} {
		if err := writeKey(f.keyPath, f.pair.key); err != nil {
			return nil, err
		}
		if err := writePEM(f.certPath, "CERTIFICATE", f.pair.cert.Raw); err != nil {
			return nil, err
		}
	}
	if err := writePEM(p.caCert, "CERTIFICATE", ca.cert.Raw); err != nil {
		return nil, err
	}
	if err := writeKey(p.serviceAccountKey, serviceAccount); err != nil {
		return nil, err
	}
	publicDER, err := x509.MarshalPKIXPublicKey(&serviceAccount.PublicKey)
	if err != nil {
		return nil, err
	}
	if err := writePEM(p.serviceAccountPub, "PUBLIC KEY", publicDER); err != nil {
		return nil, err
	}

	if p.adminToken, err = randomToken(); err != nil {
		return nil, err
	}
	if p.controllerMgrToken, err = randomToken(); err != nil {
		return nil, err
	}
	// token,user,uid,"group,..." — both users are cluster admins (system:masters).
	tokens := fmt.Sprintf("%s,starling-admin,starling-admin,\"system:masters\"\n"+
		"%s,system:kube-controller-manager,system:kube-controller-manager,\"system:masters\"\n",
		p.adminToken, p.controllerMgrToken)
	if err := os.WriteFile(p.tokenFile, []byte(tokens), 0o600); err != nil {
		return nil, err
	}
	return p, nil
}

// newCertificate signs template with parent (or self-signs it when parent is nil) using a fresh
// P-256 key. Certificates are valid from an hour ago (clock skew) for a year.
func newCertificate(parent *keyPair, template *x509.Certificate) (*keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, err
	}
	template.SerialNumber = serial
	template.NotBefore = time.Now().Add(-time.Hour)
	template.NotAfter = time.Now().Add(365 * 24 * time.Hour)
	signer, signerKey := template, key
	if parent != nil {
		signer, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, signer, &key.PublicKey, signerKey)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: cert, key: key}, nil
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(path, "EC PRIVATE KEY", der)
}

func writePEM(path, kind string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

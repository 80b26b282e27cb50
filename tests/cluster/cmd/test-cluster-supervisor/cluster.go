package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	serviceIPRange = "10.0.0.0/24" // Service ClusterIPs are only allocated, never routed to
	serviceIP      = "10.0.0.1"    // the first one, which the kubernetes Service gets
	contextName    = "starling-test"
	// The controllers that matter to reconcilers: ownerReference garbage collection, namespace
	// deletion, and the default ServiceAccount in every namespace.
	controllers = "garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller"
	stopGrace   = 10 * time.Second
)

// cluster is one test cluster: its ports, credentials and the three server processes.
type cluster struct {
	stateDir, binDir string
	pki              *pki
	spawner          *spawner
	crashes          chan *child

	etcdPort, etcdPeerPort, apiPort int

	mu                                 sync.Mutex // guards the children against a restart racing a shutdown
	etcd, apiserver, controllerManager *child
}

// connection is what clients need; it is written to connection.json and printed when ready.
type connection struct {
	Server        string `json:"server"`
	Kubeconfig    string `json:"kubeconfig"`
	Context       string `json:"context"`
	Token         string `json:"token"`
	CAFile        string `json:"caFile"`
	ControlSocket string `json:"controlSocket"`
	StateDir      string `json:"stateDir"`
	SupervisorPID int    `json:"supervisorPid"`
}

func newCluster(stateDir, binDir string) *cluster {
	return &cluster{stateDir: stateDir, binDir: binDir, spawner: newSpawner(), crashes: make(chan *child, 3)}
}

func (c *cluster) logPath(name string) string { return filepath.Join(c.stateDir, name+".log") }

func (c *cluster) start() error {
	var err error
	if c.pki, err = newPKI(filepath.Join(c.stateDir, "pki")); err != nil {
		return fmt.Errorf("generate certificates: %w", err)
	}
	if err := c.startEtcd(); err != nil {
		return err
	}
	if err := c.startAPIServer(true); err != nil {
		return err
	}
	return c.startControllerManager()
}

// A port is chosen by binding port 0 and releasing it; another process may take it before the
// server binds it, so each start that fails with "address already in use" is retried on a new one.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lostPortRace(ch *child) bool {
	return strings.Contains(ch.logSinceStart(), "address already in use")
}

const portAttempts = 3

func (c *cluster) startEtcd() error {
	client := c.tlsClient(true)
	for attempt := 1; ; attempt++ {
		var err error
		if c.etcdPort, err = freePort(); err != nil {
			return err
		}
		if c.etcdPeerPort, err = freePort(); err != nil {
			return err
		}
		clientURL := "https://127.0.0.1:" + strconv.Itoa(c.etcdPort)
		peerURL := "https://127.0.0.1:" + strconv.Itoa(c.etcdPeerPort)
		etcd, err := startChild(c.spawner, "etcd", filepath.Join(c.binDir, "etcd"), []string{
			"--name=" + contextName,
			"--data-dir=" + filepath.Join(c.stateDir, "etcd"),
			"--listen-client-urls=" + clientURL,
			"--advertise-client-urls=" + clientURL,
			"--listen-peer-urls=" + peerURL,
			"--initial-advertise-peer-urls=" + peerURL,
			"--initial-cluster=" + contextName + "=" + peerURL,
			"--cert-file=" + c.pki.servingCert, "--key-file=" + c.pki.servingKey,
			"--trusted-ca-file=" + c.pki.caCert, "--client-cert-auth",
			"--peer-cert-file=" + c.pki.servingCert, "--peer-key-file=" + c.pki.servingKey,
			"--peer-trusted-ca-file=" + c.pki.caCert, "--peer-client-cert-auth",
			// Test data: durability across power loss is not worth an fsync per write.
			"--unsafe-no-fsync",
			"--log-level=warn",
		}, c.logPath("etcd"), c.crashes)
		if err != nil {
			return err
		}
		c.setChild(&c.etcd, etcd)
		err = etcd.waitReady(60*time.Second, func() error {
			return expectBody(client, clientURL+"/health", "", `"health":"true"`)
		})
		if err == nil || attempt == portAttempts || !lostPortRace(etcd) {
			return err
		}
		logf("etcd lost a race for its port; retrying on another")
	}
}

func (c *cluster) apiServerURL() string { return "https://127.0.0.1:" + strconv.Itoa(c.apiPort) }

// startAPIServer starts kube-apiserver on a new port, or on the same one when it is restarted.
func (c *cluster) startAPIServer(newPort bool) error {
	client := c.tlsClient(false)
	for attempt := 1; ; attempt++ {
		if newPort {
			var err error
			if c.apiPort, err = freePort(); err != nil {
				return err
			}
		}
		apiserver, err := startChild(c.spawner, "kube-apiserver", filepath.Join(c.binDir, "kube-apiserver"), []string{
			"--etcd-servers=https://127.0.0.1:" + strconv.Itoa(c.etcdPort),
			"--etcd-cafile=" + c.pki.caCert,
			"--etcd-certfile=" + c.pki.etcdClientCert, "--etcd-keyfile=" + c.pki.etcdClientKey,
			"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
			"--secure-port=" + strconv.Itoa(c.apiPort),
			"--tls-cert-file=" + c.pki.servingCert, "--tls-private-key-file=" + c.pki.servingKey,
			"--client-ca-file=" + c.pki.caCert,
			"--token-auth-file=" + c.pki.tokenFile,
			"--anonymous-auth=false",
			"--authorization-mode=RBAC",
			"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
			"--service-account-key-file=" + c.pki.serviceAccountPub,
			"--service-account-signing-key-file=" + c.pki.serviceAccountKey,
			"--service-cluster-ip-range=" + serviceIPRange,
			// Nothing could reach 127.0.0.1 from a pod, and there are no pods: publish no endpoints.
			"--endpoint-reconciler-type=none",
			"--profiling=false",
		}, c.logPath("kube-apiserver"), c.crashes)
		if err != nil {
			return err
		}
		c.setChild(&c.apiserver, apiserver)
		err = apiserver.waitReady(180*time.Second, func() error {
			return expectBody(client, c.apiServerURL()+"/readyz", c.pki.adminToken, "ok")
		})
		if err == nil || attempt == portAttempts || !lostPortRace(apiserver) {
			return err
		}
		logf("kube-apiserver could not bind port %d; retrying", c.apiPort)
		if !newPort {
			time.Sleep(time.Second) // the previous server may still hold the port
		}
	}
}

func (c *cluster) startControllerManager() error {
	kubeconfig := filepath.Join(c.stateDir, "controller-manager.kubeconfig")
	if err := c.writeKubeconfig(kubeconfig, c.pki.controllerMgrToken); err != nil {
		return err
	}
	cm, err := startChild(c.spawner, "kube-controller-manager", filepath.Join(c.binDir, "kube-controller-manager"), []string{
		"--kubeconfig=" + kubeconfig,
		"--controllers=" + controllers,
		"--leader-elect=false",
		"--secure-port=0",
		"--use-service-account-credentials=false",
		"--service-account-private-key-file=" + c.pki.serviceAccountKey,
		"--root-ca-file=" + c.pki.caCert,
		"--kube-api-qps=200", "--kube-api-burst=400",
	}, c.logPath("kube-controller-manager"), c.crashes)
	if err != nil {
		return err
	}
	c.setChild(&c.controllerManager, cm)
	// The ServiceAccount controller creating default/default shows the controllers are running.
	client := c.tlsClient(false)
	return cm.waitReady(120*time.Second, func() error {
		return expectBody(client, c.apiServerURL()+"/api/v1/namespaces/default/serviceaccounts/default",
			c.pki.adminToken, `"name":"default"`)
	})
}

func (c *cluster) setChild(slot **child, ch *child) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*slot = ch
}

// restartAPIServer stops kube-apiserver and starts it again on the same port. etcd keeps
// running, so no data is lost; clients see connection errors while it is down.
func (c *cluster) restartAPIServer() error {
	c.mu.Lock()
	old := c.apiserver
	c.mu.Unlock()
	if old == nil {
		return errors.New("kube-apiserver is not running")
	}
	old.stop(stopGrace)
	return c.startAPIServer(false)
}

// shutdown stops the controllers first and etcd last, so no server loses its backend early.
func (c *cluster) shutdown() {
	c.mu.Lock()
	children := []*child{c.controllerManager, c.apiserver, c.etcd}
	c.mu.Unlock()
	for _, ch := range children {
		if ch != nil {
			ch.stop(stopGrace)
		}
	}
	_ = os.Remove(filepath.Join(c.stateDir, "control.sock"))
	logf("all servers stopped")
}

func (c *cluster) writeConnection() (*connection, error) {
	conn := &connection{
		Server:        c.apiServerURL(),
		Kubeconfig:    filepath.Join(c.stateDir, "kubeconfig"),
		Context:       contextName,
		Token:         c.pki.adminToken,
		CAFile:        c.pki.caCert,
		ControlSocket: filepath.Join(c.stateDir, "control.sock"),
		StateDir:      c.stateDir,
		SupervisorPID: os.Getpid(),
	}
	if err := c.writeKubeconfig(conn.Kubeconfig, c.pki.adminToken); err != nil {
		return nil, err
	}
	data, err := jsonIndent(conn)
	if err != nil {
		return nil, err
	}
	return conn, os.WriteFile(filepath.Join(c.stateDir, "connection.json"), data, 0o600)
}

// writeKubeconfig writes a self-contained kubeconfig (the CA is embedded) whose only context,
// starling-test, is current.
func (c *cluster) writeKubeconfig(path, token string) error {
	ca, err := os.ReadFile(c.pki.caCert)
	if err != nil {
		return err
	}
	text := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[2]s
    certificate-authority-data: %[3]s
users:
- name: %[1]s
  user:
    token: %[4]s
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s
current-context: %[1]s
`, contextName, c.apiServerURL(), base64.StdEncoding.EncodeToString(ca), token)
	return os.WriteFile(path, []byte(text), 0o600)
}

// tlsClient trusts only the cluster's CA; withClientCert presents the etcd client certificate.
func (c *cluster) tlsClient(withClientCert bool) *http.Client {
	pool := x509.NewCertPool()
	if ca, err := os.ReadFile(c.pki.caCert); err == nil {
		pool.AppendCertsFromPEM(ca)
	}
	config := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if withClientCert {
		if pair, err := tls.LoadX509KeyPair(c.pki.etcdClientCert, c.pki.etcdClientKey); err == nil {
			config.Certificates = []tls.Certificate{pair}
		}
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: config}}
}

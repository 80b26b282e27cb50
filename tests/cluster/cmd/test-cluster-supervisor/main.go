// Command test-cluster-supervisor runs one Kubernetes test cluster — etcd, kube-apiserver and
// kube-controller-manager — on random loopback ports, and owns those processes: they die with
// it (Pdeathsig), and it stops them on SIGTERM, SIGINT, SIGHUP, on end of standard input when
// -exit-with-stdin is given, or when one of them crashes.
//
// Once the cluster is ready it writes connection.json and kubeconfig into -state-dir and prints
// the connection as one JSON line on standard output; after that it writes only to standard
// error. A Unix socket, control.sock in the state directory, takes POST /restart-apiserver.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s supervisor: %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

func main() {
	stateDir := flag.String("state-dir", "", "directory for certificates, data, logs and the kubeconfig (required)")
	binDir := flag.String("bin-dir", "", "directory holding etcd, kube-apiserver and kube-controller-manager (required)")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "stop the cluster when standard input reaches its end")
	removeStateDir := flag.Bool("remove-state-dir", false, "remove -state-dir after a clean stop (it is kept when something failed, for its logs)")
	flag.Parse()
	if *stateDir == "" || *binDir == "" {
		fmt.Fprintln(os.Stderr, "test-cluster-supervisor: -state-dir and -bin-dir are required")
		os.Exit(2)
	}
	status := run(*stateDir, *binDir, *exitWithStdin)
	if status == 0 && *removeStateDir {
		_ = os.RemoveAll(*stateDir)
	}
	os.Exit(status)
}

func run(stateDir, binDir string, exitWithStdin bool) int {
	stateDir, err := filepath.Abs(stateDir)
	if err != nil {
		logf("%v", err)
		return 1
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		logf("%v", err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(stateDir, "supervisor.pid"), []byte(fmt.Sprint(os.Getpid())), 0o600); err != nil {
		logf("%v", err)
		return 1
	}
	// Watch for the reasons to stop before starting anything, so none is missed during startup.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	signal.Ignore(syscall.SIGPIPE)
	stdinClosed := make(chan struct{})
	if exitWithStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(stdinClosed)
		}()
	}

	c := newCluster(stateDir, binDir)
	started := make(chan error, 1)
	go func() { started <- c.start() }()
	select {
	case err := <-started:
		if err != nil {
			logf("the test cluster did not start: %v", err)
			c.shutdown()
			return 1
		}
	case sig := <-signals:
		logf("%v during startup", sig)
		c.shutdown()
		return 1
	case <-stdinClosed:
		logf("standard input closed during startup")
		c.shutdown()
		return 1
	}

	conn, err := c.writeConnection()
	if err != nil {
		logf("%v", err)
		c.shutdown()
		return 1
	}
	line, _ := json.Marshal(conn)
	fmt.Println(string(line))
	control, err := c.serveControl()
	if err != nil {
		logf("%v", err)
		c.shutdown()
		return 1
	}
	defer control.Close()
	logf("ready at %s", conn.Server)

	status := 0
	select {
	case sig := <-signals:
		logf("%v: stopping", sig)
	case <-stdinClosed:
		logf("standard input closed: stopping")
	case crashed := <-c.crashes:
		logf("%s exited unexpectedly (%v): stopping the cluster; see %s", crashed.name, crashed.exitErr,
			c.logPath(crashed.name))
		status = 1
	}
	c.shutdown()
	return status
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// Every child is started from one OS thread that never exits, with Pdeathsig set: Linux sends
// the signal when the thread that forked the child dies, so children die with the supervisor —
// even when it is killed with SIGKILL — and never with an idle runtime thread.
type spawner struct{ requests chan spawnRequest }

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

func newSpawner() *spawner {
	s := &spawner{requests: make(chan spawnRequest)}
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives as long as the process
		for r := range s.requests {
			r.done <- r.cmd.Start()
		}
	}()
	return s
}

func (s *spawner) start(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	done := make(chan error)
	s.requests <- spawnRequest{cmd: cmd, done: done}
	return <-done
}

// child is one running server process: etcd, kube-apiserver or kube-controller-manager.
type child struct {
	name      string
	cmd       *exec.Cmd
	logPath   string
	logOffset int64         // where this run's output starts in the log, which restarts append to
	exited    chan struct{} // closed once the process has been reaped
	exitErr   error
	stopping  atomic.Bool // set before a deliberate stop, so the exit is not reported as a crash
}

// startChild runs binary with args, appending its stdout and stderr to logPath. unexpectedExit
// receives the child if it exits without stop() having been called.
func startChild(sp *spawner, name, binary string, args []string, logPath string,
	unexpectedExit chan<- *child) (*child, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = log, log
	offset, _ := log.Seek(0, io.SeekEnd)
	c := &child{name: name, cmd: cmd, logPath: logPath, logOffset: offset, exited: make(chan struct{})}
	if err := sp.start(cmd); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	logf("started %s (pid %d), log %s", name, cmd.Process.Pid, logPath)
	go func() {
		c.exitErr = cmd.Wait()
		log.Close()
		close(c.exited)
		if !c.stopping.Load() {
			unexpectedExit <- c
		}
	}()
	return c, nil
}

func (c *child) running() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// stop asks the process to exit with SIGTERM and kills it if it has not within grace.
func (c *child) stop(grace time.Duration) {
	c.stopping.Store(true)
	if !c.running() {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(grace):
		logf("%s did not exit within %s of SIGTERM; killing it", c.name, grace)
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	logf("stopped %s", c.name)
}

// waitReady polls ready until it returns nil, the child exits, or timeout passes.
func (c *child) waitReady(timeout time.Duration, ready func() error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if !c.running() {
			return fmt.Errorf("%s exited before it was ready (%v)", c.name, c.exitErr)
		}
		if last = ready(); last == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.Join(fmt.Errorf("%s was not ready within %s", c.name, timeout), last)
}

// logSinceStart is what this run of the process has written to its log.
func (c *child) logSinceStart() string {
	f, err := os.Open(c.logPath)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(c.logOffset, io.SeekStart); err != nil {
		return ""
	}
	data, _ := io.ReadAll(f)
	return string(data)
}

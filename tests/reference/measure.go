package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// measureCommand runs a command with the same standard streams and reports, as the last line
// of its standard error, the command's wall time, CPU time and peak resident memory (the
// kernel's rusage for the child, which Node cannot read), as JSON after "measure: ".
func measureCommand(args []string) int {
	if len(args) == 0 {
		fail("measure: want CMD [ARG]...")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		fmt.Fprintln(os.Stderr, "measure:", err)
		return 2
	}
	usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	report, _ := json.Marshal(map[string]interface{}{
		"exit":      cmd.ProcessState.ExitCode(),
		"wallNs":    wall.Nanoseconds(),
		"userNs":    time.Duration(usage.Utime.Nano()).Nanoseconds(),
		"sysNs":     time.Duration(usage.Stime.Nano()).Nanoseconds(),
		"maxRssKiB": usage.Maxrss,
	})
	fmt.Fprintf(os.Stderr, "measure: %s\n", report)
	return 0
}

package main

import (
	goflag "flag"
	"os"

	"github.com/spf13/pflag"
	_ "k8s.io/client-go/plugin/pkg/client/auth" // client auth plugins, as kubectl's main imports them
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

// runKubectl is the body of k8s.io/kubernetes/cmd/kubectl's main: the kubectl of the same Kubernetes version as the
// API server, so the guide's terminal gives learners the client that matches the server they work on.
func runKubectl() {
	// cobra merges the process-wide flag sets into the root command; the server components' packages register
	// their global flags there at init, which kubectl's own binary does not have. Start from empty sets, as for KWOK.
	pflag.CommandLine = pflag.NewFlagSet("kubectl", pflag.ExitOnError)
	goflag.CommandLine = goflag.NewFlagSet("kubectl", goflag.ExitOnError)
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}

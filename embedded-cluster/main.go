// Command embedded-cluster is thin glue: one busybox-style binary that runs the upstream command of a
// Kubernetes control-plane component, chosen by the name it is called by (argv[0], as a hard link named after
// the component) or by its first argument. Each branch does what that component's own main package does.
package main

import (
	goflag "flag"
	"fmt"
	"os"
	"path/filepath"
	_ "time/tzdata" // for CronJob time zone support, as in kube-apiserver's and kube-controller-manager's main

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format registration
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric registration
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

var components = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "kubectl"}

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args
	if !known(name) && len(os.Args) > 1 && known(os.Args[1]) {
		name = os.Args[1]
		args = append([]string{name}, os.Args[2:]...)
		os.Args = args
	}
	switch name {
	case "etcd":
		etcdmain.Main(args)
	case "kube-apiserver":
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "kube-controller-manager":
		os.Exit(cli.Run(controllermanager.NewControllerManagerCommand()))
	case "kube-scheduler":
		os.Exit(cli.Run(scheduler.NewSchedulerCommand()))
	case "kwok":
		// Kubernetes packages register global flags (among them a string-valued --version) on the process-wide
		// flag sets at init; cobra would merge them into KWOK's command, which declares its own bool --version:
		// "version" flag declared as non-bool. KWOK's own binary has none of them, so start from empty sets.
		pflag.CommandLine = pflag.NewFlagSet(name, pflag.ExitOnError)
		goflag.CommandLine = goflag.NewFlagSet(name, goflag.ExitOnError)
		runKwok()
	case "kubectl":
		runKubectl()
	default:
		fmt.Fprintf(os.Stderr, "usage: %s <component> [flags]   (or call it through a link named after one)\ncomponents: %v\n", filepath.Base(os.Args[0]), components)
		os.Exit(2)
	}
}

func known(name string) bool {
	for _, c := range components {
		if c == name {
			return true
		}
	}
	return false
}

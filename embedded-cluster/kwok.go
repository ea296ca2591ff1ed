package main

import (
	"os"
	"strings"

	"github.com/spf13/pflag"
	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodeheartbeat "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

// runKwok is the body of sigs.k8s.io/kwok/cmd/kwok's main. Without --config it loads KWOK's own default stages
// (node initialise, node heartbeat with lease, pod ready, complete, delete), as kwokctl does for its clusters;
// the kwok command alone refuses to start without stages ("no stages found").
func runKwok() {
	defaultStages := ""
	if !hasConfigFlag(os.Args[1:]) {
		f, err := os.CreateTemp("", "kwok-stages-*.yaml")
		if err != nil {
			os.Stderr.WriteString("kwok: default stages: " + err.Error() + "\n")
			os.Exit(1)
		}
		stages := []string{nodefast.DefaultNodeInit, nodeheartbeat.DefaultNodeHeartbeatWithLease,
			podfast.DefaultPodReady, podfast.DefaultPodComplete, podfast.DefaultPodDelete}
		_, err = f.WriteString(strings.Join(stages, "\n---\n"))
		_ = f.Close()
		defaultStages = f.Name()
		if err != nil {
			os.Stderr.WriteString("kwok: default stages: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Args = append([]string{os.Args[0], "--config=" + f.Name()}, os.Args[1:]...)
	}
	flagset := pflag.NewFlagSet("global", pflag.ContinueOnError)
	flagset.ParseErrorsAllowlist.UnknownFlags = true
	flagset.Usage = func() {}

	ctx := signals.SetupSignalContext()
	ctx, logger := log.InitFlags(ctx, flagset)

	ctx, err := config.InitFlags(ctx, flagset)
	if defaultStages != "" {
		_ = os.Remove(defaultStages) // loaded: no file left behind
	}
	if err != nil {
		_, _ = os.Stderr.Write([]byte(flagset.FlagUsages()))
		logger.Error("Init config flags", "err", err)
		os.Exit(1)
	}

	command := cmd.NewCommand(ctx)
	command.PersistentFlags().AddFlagSet(flagset)
	if err := command.ExecuteContext(ctx); err != nil {
		logger.Error("Execute exit", "err", err)
		os.Exit(1)
	}
}

func hasConfigFlag(args []string) bool {
	for _, a := range args {
		if a == "-c" || a == "--config" || strings.HasPrefix(a, "--config=") || strings.HasPrefix(a, "-c=") {
			return true
		}
	}
	return false
}

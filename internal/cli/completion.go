package cli

import (
	"slices"

	"github.com/spf13/cobra"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

// newCompletionCmd replaces cobra's default completion command, whose
// mistakes (an unknown shell) print help and exit 0 instead of being usage
// errors like everywhere else.
func newCompletionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Completion prints the script that makes SHELL complete ffic's commands,
flags, languages and .ffi file names.

  bash:        source <(ffic completion bash)
               (needs the bash-completion package)
  zsh:         ffic completion zsh > "${fpath[1]}/_ffic"
               (with "autoload -U compinit; compinit" in ~/.zshrc)
  fish:        ffic completion fish > ~/.config/fish/completions/ffic.fish
  powershell:  ffic completion powershell | Out-String | Invoke-Expression`,
		Example: `  source <(ffic completion bash)
  ffic completion zsh > "${fpath[1]}/_ffic"`,
		ValidArgs:             shells,
		DisableFlagsInUseLine: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("completion takes one shell: bash, zsh, fish or powershell")
			}
			if !slices.Contains(shells, args[0]) {
				return usagef("unknown shell %q (bash, zsh, fish or powershell)", args[0])
			}
			return nil
		},
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), cmd.OutOrStdout()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			default:
				return root.GenPowerShellCompletionWithDesc(out)
			}
		}),
	}
}

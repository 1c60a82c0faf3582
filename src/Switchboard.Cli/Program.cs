using Switchboard.Cli;
using Switchboard.Cli.Commands;

// The command table: one line per command; each command lives in its own file under Commands/.
ICliCommand[] commands =
[
    new YjsMergeCommand(),
    new YjsDiffCommand(),
    new YjsStateVectorCommand(),
    new YjsDecodeCommand(),
    new YjsContentCommand(),
    new YjsCompactCommand(),
];

return CliApp.Run(commands, args, CliConsole.System);

using ConPaaS.Cli.Commands;

// `cps`: the command-line client of the portal's JSON API. Every verb is one *Command.cs under Commands/.
return await CommandCatalog.CreateRoot().Parse(args).InvokeAsync();

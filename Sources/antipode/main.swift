import Chem
import CommandLineTool

CommandLineTool(name: "antipode", title: "antipode — molecular design by task arithmetic (RDKit \(rdkitVersion))",
                commands: antipodeCommands, describe: commandLineMessage).main()

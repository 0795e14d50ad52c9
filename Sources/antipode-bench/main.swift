import Chem
import CommandLineTool

/// `antipode-bench`: Antipode's speed against its peers (Python RDKit, PyTorch). It reads the peers and data
/// under ../shared and /tmp/antipode-peers, which the user's `antipode` never touches.
CommandLineTool(name: "antipode-bench", title: "antipode-bench — Antipode's speed against Python RDKit and PyTorch (RDKit \(rdkitVersion))",
                commands: benchCommands).main()

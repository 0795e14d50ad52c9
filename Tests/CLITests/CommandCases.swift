/// What the tests expect of each command, written out by hand so the declarations are checked against it:
/// some of its generated help lines (defaults included), a malformed number and a missing argument with
/// their exact errors.
struct CommandCase {
    let tool: Tool
    let name: String
    /// Lines `--help` must print, verbatim.
    let helpLines: [String]
    /// Arguments with a number that does not read, and the error (after `TOOL NAME: `); nil when the
    /// command takes no number.
    let malformed: (args: [String], error: String)?
    /// Arguments missing something required, and the error; nil when nothing is required.
    let missing: (args: [String], error: String)?

    static let all: [CommandCase] = [
        CommandCase(tool: .antipode, name: "score", helpLines: [
            "  --max-atoms N          inputs with more atoms are invalid ('too large'), never parsed (default 500)",
            "  --max-smiles-length N  the same for characters per line (default 5000)",
            "  -o, --output FILE      output CSV, or an SD file when it ends in .sdf (default: CSV on standard output)",
        ], malformed: (["in.smi", "--max-atoms", "x"], "--max-atoms expects an integer, got 'x'"),
           missing: ([], "missing IN (a .smi/.txt/.csv file, or - for stdin)")),
        CommandCase(tool: .antipode, name: "train", helpLines: [
            "  --batch N              molecules per step (default 32)",
            "  --lr X                 learning rate (default 0.001)",
            "  --min-delta X          the smallest fall in validation loss that counts as improvement (default 1e-5)",
            "  --val-fraction X       share of CORPUS held out when there is no validation file (default 0.05)",
        ], malformed: (["corpus.smi", "-o", "out", "--epochs", "x"], "--epochs expects an integer, got 'x'"),
           missing: (["corpus.smi"], "give the output folder with -o")),
        CommandCase(tool: .antipode, name: "sample", helpLines: [
            "  -n, --count N          molecules to sample (default 1000)",
            "  --batch N              sequences generated side by side (default 512)",
            "  --max-length N         most tokens per sample (default 100)",
        ], malformed: (["model", "--count", "x"], "-n expects an integer, got 'x'"),
           missing: ([], "missing MODEL folder")),
        CommandCase(tool: .antipode, name: "dock", helpLines: [
            "  --exhaustiveness N     Vina's search effort; the default is also Vina's and dockstring's (default 8)",
            "  --timeout S            seconds each Open Babel or Vina run may take (default 900)",
        ], malformed: (["in.smi", "--target", "F2", "--threads", "x"], "--threads expects an integer, got 'x'"),
           missing: (["in.smi"], "give the target with --target (F2, NR3C1, PPARD)")),
        CommandCase(tool: .antipode, name: "likelihood", helpLines: [
            "  --batch N              molecules scored side by side (default 256)",
            "  --threads N            OpenBLAS threads (default 2)",
        ], malformed: (["model", "in.smi", "--batch", "x"], "--batch expects an integer, got 'x'"),
           missing: (["model"], "missing INPUT file")),
        CommandCase(tool: .antipode, name: "vector", helpLines: [
            "  --label LABEL          a short name for the direction, e.g. logp-low or rings-none (required)",
            "  --training TEXT        how the fine-tuned model was trained (default: its metadata, as JSON)",
        ], malformed: (["base", "ft", "-o", "t.safetensors", "--label", "l", "--data-size", "x"], "--data-size expects an integer, got 'x'"),
           missing: (["base", "ft", "--label", "l"], "missing -o VECTOR.safetensors")),
        CommandCase(tool: .antipode, name: "edit", helpLines: [
            "  --method NAME          how the weighted vectors combine (default sum)",
            "  --density F            fraction of each delta kept, by magnitude (default: ties 0.2, della 0.5)",
            "  --seed N               random seed of the drop masks (default: dare 0, dare-ties 0, della 0)",
        ], malformed: (["base", "--vector", "t:-1", "-o", "out", "--density", "x"], "--density expects a number, got 'x'"),
           missing: (["base", "--vector", "t:-1"], "missing -o MODEL_DIR")),
        CommandCase(tool: .antipode, name: "fit-lambdas", helpLines: [
            "  --steps N              Adam steps at most (default 300)",
            "  --lr X                 Adam's learning rate (default 0.02)",
            "  --patience N           steps without a better held-out loss before stopping (default 20)",
        ], malformed: (["base", "--vector", "t:-1", "-o", "out", "--positives", "p.smi", "--steps", "x"], "--steps expects an integer, got 'x'"),
           missing: (["base", "--vector", "t:-1", "-o", "out"], "missing --positives FILE")),
        CommandCase(tool: .antipode, name: "vector-stats", helpLines: [
            "  --epsilon E            threshold for \"near zero\" (default 1e-8)",
        ], malformed: (["t.safetensors", "--epsilon", "x"], "--epsilon expects a number, got 'x'"),
           missing: ([], "missing VECTOR file(s)")),
        CommandCase(tool: .antipode, name: "sweep", helpLines: [
            "  --samples N            designs sampled per λ (default 1000)",
            "  --rule RULE            how λ is chosen (default success_1se)",
            "  --min-validity F       validity floor (default 0.8)",
            "  --min-novelty F        novelty floor; novelty is novel / designs, as in the paper (default 0.5)",
        ], malformed: (["base", "--samples", "x"], "--samples expects an integer, got 'x'"),
           missing: ([], "missing BASE model folder")),
        CommandCase(tool: .antipode, name: "evaluate", helpLines: [
            "  --reference-sample N   molecules per corpus file whose descriptors are the side-effect reference (default 10000)",
            "  --cluster-threshold D  LeaderPicker Tanimoto distance threshold (default 0.65)",
        ], malformed: (["designs.smi", "--reference", "r.smi", "--cluster-threshold", "x"], "--cluster-threshold expects a number, got 'x'"),
           missing: (["--reference", "r.smi"], "missing DESIGNS")),
        CommandCase(tool: .antipode, name: "shortlist", helpLines: [
            "  -n, --count N          how many to keep (default 50)",
            "  --arm A                the campaign arm (default: negation)",
        ], malformed: (["designs.smi", "-n", "x"], "-n expects an integer, got 'x'"),
           missing: ([], "missing CAMPAIGN_OR_DESIGNS (a campaign config, its output folder, or a designs file)")),
        CommandCase(tool: .antipode, name: "batch", helpLines: [
            "  --jobs J               local: shards run at the same time (default 1)",
        ], malformed: (["local", "config.json", "--jobs", "x"], "--jobs expects an integer, got 'x'"),
           missing: ([], "missing ACTION (slurm, local, shard, merge or status)")),
        CommandCase(tool: .antipode, name: "campaign", helpLines: [
            "  --quiet, -q            run: no progress lines",
        ], malformed: nil,
           missing: (["run"], "missing CONFIG.json")),
        CommandCase(tool: .antipode, name: "experiment", helpLines: [
            "  --samples N            designs per arm (default 10000)",
            "  --sweep-samples N      designs per λ of each sweep (default 1000)",
            "  --lambdas LIST         the λ grid (default 0.1,0.15,…,1)",
            "  --work DIR             campaign folders (default: runs/paper-<base>, e.g. runs/paper-chembl)",
        ], malformed: (["paper", "--samples", "x"], "--samples expects an integer, got 'x'"),
           missing: ([], "missing which experiment (paper)")),
        CommandCase(tool: .bench, name: "score", helpLines: [
            "  --limit N              molecules (default 2000)",
            "  --python PATH          Python with RDKit 2022.09 (default /tmp/antipode-peers/bin/python)",
        ], malformed: (["--limit", "x"], "--limit expects an integer, got 'x'"), missing: nil),
        CommandCase(tool: .bench, name: "leader", helpLines: [
            "  --limit N              molecules (default 100000)",
            "  --threshold T          distance threshold (default 0.65)",
        ], malformed: (["--threshold", "x"], "--threshold expects a number, got 'x'"), missing: nil),
        CommandCase(tool: .bench, name: "model", helpLines: [
            "  --steps N              optimiser steps per run, the first 3 excluded from timing (default 30)",
            "  --n-train N            MOSES training SMILES used (default 20000)",
        ], malformed: (["--steps", "x"], "--steps expects an integer, got 'x'"), missing: nil),
        CommandCase(tool: .bench, name: "model-worker", helpLines: [
            "  --max-steps N          optimiser steps (default 30)",
            "  --sample-batch N       sampling batch (default 512)",
        ], malformed: (["--layers", "x"], "--layers expects an integer, got 'x'"), missing: nil),
    ]
}

"""``pushup-mobile``: inspect, generate data, train, evaluate, analyze, label and serve.

Each command lives in its own module beside this one and is registered here; commands
parse arguments, call one library function and print.
"""

from __future__ import annotations

from pushup_mobile.cli import analyze_cmd, eval_cmd, info_cmd, label_cmd, serve_cmd, synth_cmd, train_cmd
from pushup_mobile.cli.app import ProjectApp

app = ProjectApp(help="Push-up detection and form feedback: data, training, analysis.")
app.command("info")(info_cmd.info)
app.command("synth")(synth_cmd.synth)
app.command("train")(train_cmd.train)
app.command("eval")(eval_cmd.evaluate)
app.command("analyze")(analyze_cmd.analyze)
app.command("label")(label_cmd.label)
app.command("serve")(serve_cmd.serve)

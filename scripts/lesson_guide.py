#!/usr/bin/env python3
"""Writes docs/teaching.md, the lecturer's guide: a section per lesson (configs/classroom/*.json, in file-name
order) read from the preset itself (its title, description, prompts, the controls class mode shows and what it
withholds until the class has guessed), so the guide cannot drift from the lessons. --check: exit 1 if
docs/teaching.md is not what this script writes (the ctest docs_teaching_guide_current)."""
import argparse
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "teaching.md")

HEAD = """# Teaching with Arbiter: a guide per lesson

Written by `scripts/lesson_guide.py` from the classroom presets (`configs/classroom/*.json`): edit a preset's
`"lesson"` object or description and run the script again (the ctest `docs_teaching_guide_current` fails while
this file and the presets disagree). How to run a lesson, the keys and class mode: README, "Teaching with
Arbiter".

Before class: open the lesson (`arbiter-gui --class configs/classroom/FILE`, or Lessons menu), press F11 for the
projector and run it once to the end so the room does not wait. In class: PageDown steps through the prompts
below (a presenter's clicker does the same); ask the "Predict" prompts before the run shows the answer, and
where a lesson withholds a series, press v (or step to its prompt) only after the class has answered. r
restarts with the edits kept, b goes back to the preset, Ctrl+Z / Ctrl+Y undo and redo a control change, g
turns the ghost of the previous run on and off (before / after), and the toolbar's "pause at" stops a learning
run at a chosen episode.
"""


def section(number, path, config):
    lesson = config["lesson"]
    name = os.path.basename(path)
    lines = [f"## Lesson {number}: {lesson['title']}", ""]
    lines.append(f"`arbiter-gui --class configs/classroom/{name}` (kind `{config['kind']}`)")
    lines.append("")
    if config.get("description"):
        lines.append(config["description"])
        lines.append("")
    for i, prompt in enumerate(lesson["prompts"], 1):
        lines.append(f"{i}. {prompt}")
    lines.append("")
    if lesson.get("controls"):
        shown = ", ".join(f"`{c}`" for c in lesson["controls"])
        lines.append(f"Class mode shows only {shown} among the kind's controls.")
    reveal = lesson.get("reveal")
    if reveal:
        series = ", ".join(f'"{s}"' for s in reveal["series"])
        when = (f"until prompt {reveal['at_prompt'] + 1}" if "at_prompt" in reveal else "until the lecturer presses v")
        lines.append(f"Predict, then reveal: class mode hides {series} {when} (or v).")
    if lesson.get("controls") or reveal:
        lines.append("")
    return "\n".join(lines)


def guide():
    parts = [HEAD]
    files = sorted(glob.glob(os.path.join(ROOT, "configs", "classroom", "*.json")))
    for number, path in enumerate(files, 1):
        with open(path) as f:
            config = json.load(f)
        if "lesson" in config:
            parts.append(section(number, path, config))
    return "\n".join(parts).rstrip("\n") + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/teaching.md is out of date")
    args = parser.parse_args()
    text = guide()
    if args.check:
        current = open(OUT).read() if os.path.exists(OUT) else ""
        if current != text:
            print("docs/teaching.md is out of date: run scripts/lesson_guide.py", file=sys.stderr)
            return 1
        print("docs/teaching.md matches the classroom presets")
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

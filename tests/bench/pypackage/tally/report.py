import argparse
import datetime
import email.message
import html
import subprocess
import textwrap


def render(totals):
    lines = [f"<li>{html.escape(who)}: {amount}</li>" for who, amount in sorted(totals.items())]
    return "<ul>\n" + textwrap.indent("\n".join(lines), "  ") + "\n</ul>"


def mail(totals, to):
    msg = email.message.EmailMessage()
    msg["To"] = to
    msg["Subject"] = "Totals for " + datetime.date(2026, 12, 7).isoformat()
    msg.set_content(render(totals))
    return msg


def tool_version(program):
    return subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tally")
    parser.add_argument("file")
    return parser.parse_args(argv)

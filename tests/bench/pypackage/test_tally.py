import subprocess
import sys
import unittest
from unittest import mock

import tally
from tally import report

CSV = "who,amount\nada,1.50\nbob,2.25\nada,3.00\n"


class TallyTest(unittest.TestCase):
    def test_totals(self):
        self.assertEqual(str(tally.totals(tally.parse(CSV))["ada"]), "4.50")

    def test_summary(self):
        self.assertIn('"median": 2.25', tally.summary(tally.parse(CSV)))

    def test_render_escapes(self):
        self.assertIn("&lt;b&gt;", report.render({"<b>": 1}))

    def test_mail(self):
        self.assertEqual(report.mail({"ada": 1}, "ada@example.org")["To"], "ada@example.org")

    def test_main(self):
        self.assertEqual(report.main(["x.csv"]).file, "x.csv")

    def test_subprocesses(self):
        self.assertTrue(report.tool_version(sys.executable).startswith("Python"))
        subprocess.run(["/bin/true"], check=True)
        out = subprocess.run([sys.executable, "-c", "import tally; print(len(tally.parse('who,amount\\na,1\\n')))"],
                             capture_output=True, text=True, check=True, cwd="/data")
        self.assertEqual(out.stdout.strip(), "1")

    def test_mocked(self):
        with mock.patch.object(report.subprocess, "run") as run:
            run.return_value.stdout = "v1\n"
            self.assertEqual(report.tool_version("x"), "v1")


if __name__ == "__main__":
    unittest.main()

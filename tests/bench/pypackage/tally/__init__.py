"""A small package for the supervision benchmark: many imports, a few subprocesses."""
import csv
import decimal
import fractions
import io
import json
import statistics


def parse(text):
    """Rows of a CSV text as dicts with decimal amounts."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row["amount"] = decimal.Decimal(row["amount"])
    return rows


def totals(rows):
    out = {}
    for row in rows:
        out[row["who"]] = out.get(row["who"], decimal.Decimal(0)) + row["amount"]
    return out


def summary(rows):
    amounts = [float(r["amount"]) for r in rows]
    return json.dumps({"mean": statistics.mean(amounts), "median": statistics.median(amounts),
                       "share": str(fractions.Fraction(len(rows), max(1, len(set(r["who"] for r in rows)))))})

"""docs/studies.md is what the study declarations make (`gat studies --markdown`): a changed
option without a regenerated page fails here."""
import subprocess
import sys
from pathlib import Path

GAT = sys.argv[1]
page = Path(__file__).resolve().parents[2] / "docs" / "studies.md"
made = subprocess.run([GAT, "studies", "--markdown"], capture_output=True, text=True,
                      check=True).stdout
assert made == page.read_text(), (
    f"{page} is out of date: regenerate it with gat studies --markdown > docs/studies.md")
print("ok")

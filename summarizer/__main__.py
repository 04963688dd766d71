import sys

from summarizer.cli import program

sys.exit(program())

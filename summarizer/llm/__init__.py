"""The LLM backend: section-wise structured extraction with instructor, verified against the source.

Import-light on purpose: ``summarizer.llm.settings`` never imports openai or instructor, so the CLI can
parse flags and decide whether an endpoint is configured without paying for the SDK import.
"""

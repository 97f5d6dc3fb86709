"""The release as handed out, submitted without any work: every test fails, nothing crashes."""

BASE = "release"

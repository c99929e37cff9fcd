#!/bin/sh
# Regenerates the man page docs/man/otlab.1 from the command-line definitions (swift-argument-parser's
# generate-manual plugin), after a subcommand, flag or help text changes. Run from the repository root.
# HelpExamplesTests.manPageIsCurrent fails when a subcommand or flag is missing from the page.
set -eu
swift package --allow-writing-to-directory docs/man generate-manual \
    --configuration debug --authors "otlab maintainers" --date "$(date -u +%Y-%m-%d)" --output-directory docs/man

#!/bin/sh
# Writes OUTPUT.swift: every file below ROOT (the presets folder; scripts,
# *.py, and hidden files left out) as (path relative to ROOT, base64 of its bytes).
#
#     scripts/embed-presets.sh ROOT OUTPUT.swift
#
# Run by the EmbedPresets build plugin (Plugins/EmbedPresets) when a preset changes. The file is replaced
# only when its text changes, so an unchanged presets folder recompiles nothing. Base64 in string
# literals keeps compile time small: a picture is one literal, not thousands of integer literals.
set -eu
root=$1
out=$2
tmp=$out.tmp.$$
mkdir -p "$(dirname "$2")"
{
    printf '%s\n' '// Generated at build time by the EmbedPresets plugin (scripts/embed-presets.sh) from presets/. Do not edit.' ''
    printf '%s\n' '/// The files of the repository'\''s `presets/` folder: (path relative to it, base64 of the bytes).'
    printf '%s\n' 'enum EmbeddedPresetFiles {' '    static let all: [(path: String, base64: String)] = ['
    (cd "$root" && find . -type f ! -name '*.py' ! -path '*/.*' | LC_ALL=C sort) | while IFS= read -r file; do
        relative=${file#./}
        escaped=$(printf '%s' "$relative" | sed 's/\\/\\\\/g; s/"/\\"/g')
        printf '        ("%s", "%s"),\n' "$escaped" "$(base64 < "$root/$relative" | tr -d '\n')"
    done
    printf '%s\n' '    ]' '}'
} > "$tmp"
if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv "$tmp" "$out"; fi

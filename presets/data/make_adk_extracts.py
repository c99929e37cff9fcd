"""CA-only extracts of adenylate kinase (AdK), open and closed, for the protein-alignment preset.

Source: the PyPI package MDAnalysisTests 2.11.0 (`pip download MDAnalysisTests --no-deps`), files
MDAnalysisTests/data/adk_open.pdb (E. coli AdK, open form, PDB 4AKE) and adk_closed.pdb (closed
form, PDB 1AKE), as used in MDAnalysis' examples (Beckstein et al. 2009, J Mol Biol 394:160).
Both hold chain A's 214 residues (segment 4AKE, blank chain column). This script keeps the header
remarks it writes and the ATOM records of the CA atoms, unchanged, and nothing else.

Usage: python3 presets/data/make_adk_extracts.py PATH/TO/MDAnalysisTests/data
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def extract(source, target, title):
    lines = [l for l in open(source) if l.startswith("ATOM") and l[12:16].strip() == "CA"]
    with open(os.path.join(HERE, target), "w") as f:
        f.write(f"REMARK   1 {title}\n")
        f.write("REMARK   1 CA ATOMS ONLY, FROM MDANALYSISTESTS 2.11.0 DATA/" + os.path.basename(source).upper() + "\n")
        f.writelines(lines)
        f.write("END\n")
    print(target, len(lines), "CA atoms")


def main():
    data = sys.argv[1]
    extract(os.path.join(data, "adk_open.pdb"), "adk-open-ca.pdb", "ADENYLATE KINASE, OPEN FORM (PDB 4AKE)")
    extract(os.path.join(data, "adk_closed.pdb"), "adk-closed-ca.pdb", "ADENYLATE KINASE, CLOSED FORM (PDB 1AKE)")


if __name__ == "__main__":
    main()

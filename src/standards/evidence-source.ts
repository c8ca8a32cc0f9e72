/**
 * How sure we are of a fact taken from the regulations (the markers of standards-vn.md §0):
 * 'verified' = read in the primary text or an official artefact; 'secondary' = seen in a secondary
 * source (third-party code, press, a provincial excerpt); 'inferred' = our inference, to check
 * against the official text before relying on it.
 */
export type EvidenceSource = 'verified' | 'secondary' | 'inferred';

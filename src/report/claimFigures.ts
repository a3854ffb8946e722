/** Which figure of THEORY.md §10 illustrates a claim of §11 (by claim number), and what to look at. */
export const CLAIM_FIGURES: Readonly<Record<number, { figure: string; look: string }>> = {
  1: { figure: 'F1', look: 'each decoupled mode follows its own sigmoid (3.3)' },
  2: { figure: 'F1', look: 'the closed-form curves discrete GD follows' },
  3: { figure: 'F1', look: 'the closed forms (3.3)–(3.5) themselves' },
  4: { figure: 'F2', look: 'the Marchenko–Pastur bulk and ŝ(s̄), 𝒪(s̄)' },
  5: { figure: 'F2', look: 'panel A: the MP histogram of one draw' },
  6: { figure: 'F2', look: 'panel B: ŝ(s̄) against draws' },
  7: { figure: 'F2', look: 'panels B/C below the threshold' },
  8: { figure: 'F2', look: 'panel C: the overlaps' },
  9: { figure: 'F1', look: 'panel B: the wave of learning' },
  10: { figure: 'F3', look: 'theory lines against simulation points' },
  11: { figure: 'F9', look: 'the alignment lag of random students' },
  12: { figure: 'F3', look: 'optimal stopping in panels C/D, G/H' },
  13: { figure: 'F5', look: 'panel B: the test-error curve and its minimum' },
  14: { figure: 'F5', look: 'panel A: (7.2) below GD at every SNR' },
  15: { figure: 'F8', look: 'optimal error vs P' },
  16: { figure: 'F7', look: 'T^{A←B} over alignment' },
  17: { figure: 'F6', look: 'structured vs randomized training curves' },
  19: { figure: 'F3', look: 'fall-then-rise of the test error' },
};

/** The illustrating figure of a claim id such as `C16f`, if any (C18's invariances have none). */
export function figureOfClaim(id: string): { figure: string; look: string } | undefined {
  const m = /^C(\d+)[a-z]?$/.exec(id);
  return m ? CLAIM_FIGURES[Number(m[1])] : undefined;
}

// Small helpers shared by bench.mjs and lighthouse.mjs.

// The median of the numbers in `xs` (null and undefined left out); null when there are none.
export const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

// The order of the two apps in run `i`: alternating, so both see the same background load.
export const alternate = (i) => (i % 2 === 0 ? ['tellus', 'surveyjs'] : ['surveyjs', 'tellus']);

// Placeholder until the engine lands.
export const footnote = {
  name: "Footnote",
  describe: () => ({ exact: "" }),
  prepare: () => null,
  anchor: () => null,
};

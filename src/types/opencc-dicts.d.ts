/** opencc-js ships its dictionaries as modules without type declarations; each is a `src dst|src dst` string. */
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}

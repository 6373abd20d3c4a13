// haka's version, recorded on hosts with each run and shown by `haka status`. A constant (kept
// equal to package.json's by a unit test): reading package.json at run time would depend on
// where the build output sits.
export const HAKA_VERSION = '0.1.0';

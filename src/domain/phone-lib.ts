// The part of libphonenumber-js (with its "max" metadata) the domain uses, as one module that
// phone.ts imports on first need: a dynamic import of the package itself would keep every export.
export { getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/max';
export type { CountryCode } from 'libphonenumber-js/max';

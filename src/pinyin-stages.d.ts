// pinyin-pro's dictionary modules, imported on their own by pinyin-loader.ts only to evaluate them in
// separate tasks (the package exports './dist/*'; the modules' values are not used).
declare module 'pinyin-pro/dist/esm/data/dict1.mjs';
declare module 'pinyin-pro/dist/esm/data/dict2.mjs';
declare module 'pinyin-pro/dist/esm/data/dict4.mjs';

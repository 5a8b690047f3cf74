// Builds static_build/ (git-ignored) from static_src/, GOV.UK Frontend and accessible-autocomplete.
// Plain Node and the sass package: no bundler is needed for one stylesheet
// and a few module scripts.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });

const css = sass.compile(join(root, "static_src", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
// GOV.UK Frontend's header and footer styles draw the GOV.UK crest, which is
// not ours to use and which no template of ours shows: drop the image, so the
// stylesheet names no file that is not shipped (collectstatic's manifest
// storage stops on any such reference).
const crest = /url\("?\/static\/govuk\/assets\/images\/govuk-crest\.svg"?\)/g;
writeFileSync(join(out, "css", "main.css"), css.css.replace(crest, "none"));

cpSync(join(root, "static_src", "js"), join(out, "js"), { recursive: true });
// With its source map, which the script names.
for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(join(govuk, file), join(out, "govuk", file));
}
// The search box's suggestions (static_src/js/search-autocomplete.js imports
// it); its source map too, as the script names it. Its stylesheet is part of
// main.css.
for (const file of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.js.map"]) {
  cpSync(join(autocomplete, file), join(out, "accessible-autocomplete", file));
}
// Only the generic images: the crest and GOV.UK icons are not ours to use.
for (const image of ["favicon.ico", "favicon.svg"]) {
  cpSync(join(govuk, "assets", "images", image), join(out, "govuk", "assets", "images", image));
}

// Every file the stylesheet names must be in the build.
const missing = [...css.css.replace(crest, "none").matchAll(/url\("?\/static\/([^")]+)"?\)/g)]
  .map((match) => match[1])
  .filter((path) => !existsSync(join(out, path)));
if (missing.length) {
  throw new Error(`main.css names files the build does not ship: ${missing.join(", ")}`);
}
console.log(`Built ${out}`);

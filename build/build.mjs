// Builds static/dist/ from static/src/ and the pinned npm packages. Run by `make` through `npm run build`.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
mkdirSync(dist, { recursive: true });

// main.css for every page; staff.css, only the staff area's styles, for staff pages after it.
for (const name of ["main", "staff"]) {
  const css = sass.compile(join(root, "static", "src", `${name}.scss`), {
    loadPaths: [join(root, "node_modules", "govuk-frontend", "dist")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
  });
  writeFileSync(join(dist, `${name}.css`), css.css);
}

// One script for every page: app.js with only the GOV.UK Frontend components it imports (the
// package is marked free of side effects, so the rest is left out). No second copy of the package
// is fetched by an import.
esbuild.buildSync({
  entryPoints: [join(root, "static", "src", "app.js")],
  outfile: join(dist, "app.js"),
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  legalComments: "none",
  logLevel: "warning",
});
for (const file of ["init.js", "centres-map.js", "report.js"]) {
  copyFileSync(join(root, "static", "src", file), join(dist, file));
}
const leaflet = join(root, "node_modules", "leaflet", "dist");
mkdirSync(join(dist, "leaflet", "images"), { recursive: true });
copyFileSync(join(leaflet, "leaflet.js"), join(dist, "leaflet", "leaflet.js"));
copyFileSync(join(leaflet, "leaflet.css"), join(dist, "leaflet", "leaflet.css"));
for (const img of ["marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copyFileSync(join(leaflet, "images", img), join(dist, "leaflet", "images", img));
}
console.log("built static/dist");

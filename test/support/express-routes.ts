import type { Express } from "express";

interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route an Express 5 app serves, as `METHOD path` (`:id` written `{id}`, as OpenAPI writes it). */
export function routesOf(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        const path = String(layer.route.path)
          .replaceAll(/(?<!\\):([A-Za-z]+)/g, "{$1}")
          .replaceAll("\\:", ":");
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== "_all") routes.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack !== undefined) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(routes)].sort();
}

/** Every operation of an OpenAPI document, as `METHOD path`. */
export function operationsOf(document: { paths: Record<string, object> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

/** @module Registration that tolerates the bundle being loaded twice (two partners' scripts, hot reload). */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}

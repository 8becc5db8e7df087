/**
 * A stylesheet loaded with the component that needs it (a feature's CSS arrives with its chunk,
 * not with the panel): React 19 hoists the `<style>` into the document once per `name`, however
 * many components render it. Names are prefixed so two panels never share one.
 */
export function Stylesheet({ name, css }: { name: string; css: string }) {
  return (
    <style href={`aether-health-${name}`} precedence="default">
      {css}
    </style>
  );
}

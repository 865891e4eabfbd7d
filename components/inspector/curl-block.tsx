import { CopyButton } from "@/components/copy-button";

export function CurlBlock({ id, step, text }: { id: string; step: number; text: string }) {
  return (
    <figure className="curl">
      <figcaption>
        <span>Shell equivalent (secrets are placeholders)</span>
        <CopyButton targetId={id} label={`the shell commands for step ${step}`} />
      </figcaption>
      <pre id={id}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

/** The settings pages, in the order the section nav lists them; a new page under /settings adds its entry here. */
export const SETTINGS_SECTIONS: readonly { href: string; label: string }[] = [
  { href: "/settings", label: "Organisation" },
  { href: "/settings/voices", label: "Voices" },
  { href: "/settings/pronunciation", label: "Pronunciation" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/phone-calls", label: "Phone calls" },
];

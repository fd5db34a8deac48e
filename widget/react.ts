'use client';
import { createComponent, type EventName } from '@lit/react';
import React, { type ComponentProps } from 'react';
import type { OAuthCcCancelledEvent, OAuthCcConnectedEvent, OAuthCcFailedEvent } from './events.js';
import { OAuthCcConnect as OAuthCcConnectElement } from './oauth-cc-connect.js';

export type {
  ConnectedDetail,
  FailedDetail,
  OAuthCcCancelledEvent,
  OAuthCcConnectedEvent,
  OAuthCcFailedEvent,
} from './events.js';

const tagName = 'oauth-cc-connect';

// Registered here, in a browser only (guarded like define.ts). On a server (SSR) nothing touches
// `customElements`: the component renders the bare tag there, and the element upgrades in the
// browser once this module runs on the client. The directive above tells React Server Components
// (Next.js App Router) that this is a client component: it uses hooks.
if (typeof window !== 'undefined' && !customElements.get(tagName))
  customElements.define(tagName, OAuthCcConnectElement);

/**
 * `<oauth-cc-connect>` for React. Props are the element's properties (`endpoint`,
 * `sessionToken`, `closeAfter`, `timeout`, `clientId`, `tokenUrl`, `scopes`, `strings`), set as
 * properties; `onConnected`, `onFailed` and `onCancelled` receive the element's typed events. A
 * `ref` is the element itself.
 */
export const OAuthCcConnect = createComponent({
  react: React,
  tagName,
  elementClass: OAuthCcConnectElement,
  events: {
    onConnected: 'oauth-cc-connected' as EventName<OAuthCcConnectedEvent>,
    onFailed: 'oauth-cc-failed' as EventName<OAuthCcFailedEvent>,
    onCancelled: 'oauth-cc-cancelled' as EventName<OAuthCcCancelledEvent>,
  },
  displayName: 'OAuthCcConnect',
});

export type OAuthCcConnectProps = ComponentProps<typeof OAuthCcConnect>;

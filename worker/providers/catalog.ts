import type { ProviderPreset } from '../../protocol/index.js';
import { adobe } from './presets/adobe.js';
import { amazonCognito } from './presets/amazon-cognito.js';
import { amazonLwa } from './presets/amazon-lwa.js';
import { athenahealth } from './presets/athenahealth.js';
import { atlassian } from './presets/atlassian.js';
import { auth0 } from './presets/auth0.js';
import { autodesk } from './presets/autodesk.js';
import { box } from './presets/box.js';
import { checkoutCom } from './presets/checkout-com.js';
import { commercetools } from './presets/commercetools.js';
import { crowdstrike } from './presets/crowdstrike.js';
import { databricks } from './presets/databricks.js';
import { domo } from './presets/domo.js';
import { dynatrace } from './presets/dynatrace.js';
import { ebay } from './presets/ebay.js';
import { fedex } from './presets/fedex.js';
import { genesysCloud } from './presets/genesys-cloud.js';
import { jamfPro } from './presets/jamf-pro.js';
import { linkedin } from './presets/linkedin.js';
import { marketo } from './presets/marketo.js';
import { microsoftEntra } from './presets/microsoft-entra.js';
import { okta } from './presets/okta.js';
import { paypal } from './presets/paypal.js';
import { personio } from './presets/personio.js';
import { pingone } from './presets/pingone.js';
import { pipedream } from './presets/pipedream.js';
import { reddit } from './presets/reddit.js';
import { salesforce } from './presets/salesforce.js';
import { sapBtp } from './presets/sap-btp.js';
import { servicenow } from './presets/servicenow.js';
import { sophosCentral } from './presets/sophos-central.js';
import { spotify } from './presets/spotify.js';
import { twitch } from './presets/twitch.js';
import { ups } from './presets/ups.js';
import { vanta } from './presets/vanta.js';
import { vimeo } from './presets/vimeo.js';
import { walmart } from './presets/walmart.js';
import { x } from './presets/x.js';
import { xero } from './presets/xero.js';
import { zoom } from './presets/zoom.js';
import { zuora } from './presets/zuora.js';

/**
 * The catalog (GET /v1/providers): one declarative file per provider in presets/, each built from
 * the provider's public documentation (its `docs`) and tested against an emulation written from
 * the same pages (test/emulations/). In id order. To add one, see README "Providers".
 */
export const PRESETS: readonly ProviderPreset[] = [
  adobe,
  amazonCognito,
  amazonLwa,
  athenahealth,
  atlassian,
  auth0,
  autodesk,
  box,
  checkoutCom,
  commercetools,
  crowdstrike,
  databricks,
  domo,
  dynatrace,
  ebay,
  fedex,
  genesysCloud,
  jamfPro,
  linkedin,
  marketo,
  microsoftEntra,
  okta,
  paypal,
  personio,
  pingone,
  pipedream,
  reddit,
  salesforce,
  sapBtp,
  servicenow,
  sophosCentral,
  spotify,
  twitch,
  ups,
  vanta,
  vimeo,
  walmart,
  x,
  xero,
  zoom,
  zuora,
];

const byId = new Map(PRESETS.map((preset) => [preset.id, preset]));

export const presetById = (id: string): ProviderPreset | undefined => byId.get(id);

/** @module Chunk: Kunder's revenue chart (with its table, forecast and statement downloads), registered when it loads. */
import { define } from '../define.js';
import { ResellerKitRevenueChart } from '../elements/revenue-chart.js';
import { ResellerKitRevenueDownload } from '../elements/revenue-download.js';

// The menu first, so the chart renders into an upgraded one.
define('resellerkit-revenue-download', ResellerKitRevenueDownload);
define('resellerkit-revenue-chart', ResellerKitRevenueChart);
